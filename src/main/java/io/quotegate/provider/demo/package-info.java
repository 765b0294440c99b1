@NullMarked
package io.quotegate.provider.demo;

import org.jspecify.annotations.NullMarked;
