@NullMarked
package io.quotegate.feed;

import org.jspecify.annotations.NullMarked;
