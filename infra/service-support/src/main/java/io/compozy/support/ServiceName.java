package io.compozy.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a service on its application class. Its configuration file is {@code <name>.yml} rather
 * than {@code application.yml}, so several services can share one classpath (standalone mode).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ServiceName {
  String value();
}
