@NullMarked
package io.quotegate.provider;

import org.jspecify.annotations.NullMarked;
