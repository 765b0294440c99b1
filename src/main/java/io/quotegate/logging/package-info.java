@NullMarked
package io.quotegate.logging;

import org.jspecify.annotations.NullMarked;
