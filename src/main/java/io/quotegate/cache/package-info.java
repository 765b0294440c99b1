@NullMarked
package io.quotegate.cache;

import org.jspecify.annotations.NullMarked;
