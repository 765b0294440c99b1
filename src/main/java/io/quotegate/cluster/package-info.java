@NullMarked
package io.quotegate.cluster;

import org.jspecify.annotations.NullMarked;
