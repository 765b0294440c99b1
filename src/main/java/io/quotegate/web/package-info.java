@NullMarked
package io.quotegate.web;

import org.jspecify.annotations.NullMarked;
