@NullMarked
package io.quotegate.model;

import org.jspecify.annotations.NullMarked;
