/**
 * Moving definitions in and out: a project directory or zip loaded through the project parser and
 * checks, a kind imported or exported as a YAML list, the whole registry exported as a project zip.
 */
@NullMarked
package io.compozy.registry.transfer;

import org.jspecify.annotations.NullMarked;
