@NullMarked
package io.quotegate.market;

import org.jspecify.annotations.NullMarked;
