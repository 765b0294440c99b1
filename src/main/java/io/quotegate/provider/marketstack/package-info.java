@NullMarked
package io.quotegate.provider.marketstack;

import org.jspecify.annotations.NullMarked;
