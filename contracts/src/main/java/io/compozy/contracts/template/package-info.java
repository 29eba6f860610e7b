/**
 * Go text/template in Java: lexer, parser and evaluator with missingkey=error, plus the Sprig
 * functions people use. Pure: no I/O, no clock except where a function asks for one.
 */
@NullMarked
package io.compozy.contracts.template;

import org.jspecify.annotations.NullMarked;
