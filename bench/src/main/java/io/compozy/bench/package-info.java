/**
 * The benchmarks: harnesses that start a fresh platform (or part of it), drive a load and print
 * numbers (bin/benchmark, bin/benchmark-gateway). Not shipped with the platform; how they measure
 * and what they measured is in docs/benchmarks.md.
 */
@NullMarked
package io.compozy.bench;

import org.jspecify.annotations.NullMarked;
