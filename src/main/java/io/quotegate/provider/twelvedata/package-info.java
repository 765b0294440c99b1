@NullMarked
package io.quotegate.provider.twelvedata;

import org.jspecify.annotations.NullMarked;
