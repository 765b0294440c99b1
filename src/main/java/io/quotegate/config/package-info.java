@NullMarked
package io.quotegate.config;

import org.jspecify.annotations.NullMarked;
