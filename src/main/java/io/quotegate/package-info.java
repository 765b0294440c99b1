@NullMarked
package io.quotegate;

import org.jspecify.annotations.NullMarked;
