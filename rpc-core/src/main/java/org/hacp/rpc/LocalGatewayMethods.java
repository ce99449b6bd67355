package org.hacp.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The methods this interface declares are answered by the gateway proxy or the runtime itself
 * and are never sent as RPCs (for example {@link RpcGateway#getAddress()}). Only framework
 * interfaces carry it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LocalGatewayMethods {}
