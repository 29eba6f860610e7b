/** How results print: tables for people, JSON and YAML for scripts. */
@NullMarked
package io.compozy.cli.output;

import org.jspecify.annotations.NullMarked;
