@NullMarked
package io.quotegate.stream;

import org.jspecify.annotations.NullMarked;
