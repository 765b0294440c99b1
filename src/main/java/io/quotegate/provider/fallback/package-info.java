@NullMarked
package io.quotegate.provider.fallback;

import org.jspecify.annotations.NullMarked;
