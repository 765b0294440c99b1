@NullMarked
package io.quotegate.provider.frankfurter;

import org.jspecify.annotations.NullMarked;
