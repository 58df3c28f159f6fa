package dev.slipway.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request record's component that is a name Slipway builds S3 keys, object names or labels
 * from (an app, environment, cluster, wave, build, execution): {@link Names#checkRecord} refuses
 * the event unless it is one ({@link Names#check}). On a list, every element is a name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Name {
  /** Whether the event must carry it; an optional name is checked only when present. */
  boolean required() default true;
}
