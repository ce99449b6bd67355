package org.hacp.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link java.time.Duration} parameter of a gateway method as the ask timeout of that
 * call, overriding {@code hacp.rpc.ask-timeout}. A {@code null} argument means the default.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface RpcTimeout {}
