@NullMarked
package io.quotegate.budget;

import org.jspecify.annotations.NullMarked;
