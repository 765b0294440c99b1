@NullMarked
package io.quotegate.schedule;

import org.jspecify.annotations.NullMarked;
