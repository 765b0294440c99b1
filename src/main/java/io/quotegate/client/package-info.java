@NullMarked
package io.quotegate.client;

import org.jspecify.annotations.NullMarked;
