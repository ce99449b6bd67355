package org.hacp.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a method of a {@link LocalGatewayMethods} interface: the gateway proxy answers it with the
 * call token it attaches to every call (see {@link RpcService#connect(String, Object, Class)}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CallToken {}
