package org.hacp.rpc.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * Decides whether a type may cross the wire. The rule: the receiver must be able to decode a
 * value from the declared type alone, without the payload naming a class. So concrete types
 * (primitives, strings, enums, records and beans whose properties are themselves safe,
 * collections and maps of safe types) pass; {@code Object}, raw collections, interfaces and
 * abstract classes pass only when they declare a closed set of subtypes by logical name
 * ({@code @JsonTypeInfo(use = NAME)} with {@code @JsonSubTypes}); class-name type ids never pass.
 */
public final class WireTypes {
    private static final Set<Class<?>> LEAVES = Set.of(
            String.class,
            Boolean.class,
            Byte.class,
            Short.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            Character.class,
            BigInteger.class,
            BigDecimal.class,
            UUID.class,
            Duration.class,
            Instant.class,
            byte[].class,
            Void.class);

    private final ObjectMapper mapper;

    WireTypes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Returns {@code null} when {@code type} is safe, else the reason it is not (naming the
     * offending nested type, {@code where} prefixing the path).
     */
    String whyUnsafe(JavaType type, String where) {
        return check(type, where, new HashSet<>());
    }

    /** {@code onPath}: the types being checked around this one; meeting one again means the type contains itself. */
    private String check(JavaType type, String where, Set<JavaType> onPath) {
        Class<?> raw = type.getRawClass();
        if (raw.isPrimitive() || LEAVES.contains(raw) || raw.isEnum()) {
            return null;
        }
        if (!onPath.add(type)) {
            // A recursive type has no depth bound: a 500-level payload once overflowed a 256 KiB thread stack (issue
            // 13).
            return where + ": type " + type.toCanonical() + " contains itself; recursive types cannot be sent";
        }
        try {
            return checkOnPath(type, where, onPath);
        } finally {
            onPath.remove(type);
        }
    }

    private String checkOnPath(JavaType type, String where, Set<JavaType> seen) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class
                || raw == Serializable.class
                || raw == Comparable.class
                || raw == Number.class
                || raw == CharSequence.class) {
            return where + ": type " + type.toCanonical() + " is open-ended (the payload would have to name a class)";
        }
        if (Throwable.class.isAssignableFrom(raw)) {
            return where + ": exceptions (" + raw.getName() + ") cannot be sent as values";
        }
        if (Future.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw)) {
            return where + ": futures (" + raw.getName() + ") cannot be sent as values";
        }
        if (type.isArrayType() || type.isCollectionLikeType() || type.isReferenceType()) {
            return check(type.getContentType(), where + " element", seen);
        }
        if (type.isMapLikeType()) {
            String keyProblem = check(type.getKeyType(), where + " key", seen);
            return keyProblem != null ? keyProblem : check(type.getContentType(), where + " value", seen);
        }
        return checkClass(type, where, seen);
    }

    /** A class that is neither a leaf nor a container: polymorphic by name only, abstract only with closed subtypes, else a bean. */
    private String checkClass(JavaType type, String where, Set<JavaType> seen) {
        Class<?> raw = type.getRawClass();
        JsonTypeInfo typeInfo = raw.getAnnotation(JsonTypeInfo.class);
        if (typeInfo != null && typeInfo.use() != JsonTypeInfo.Id.NAME && typeInfo.use() != JsonTypeInfo.Id.NONE) {
            return where + ": " + raw.getName() + " uses @JsonTypeInfo(use = " + typeInfo.use()
                    + "), which lets the payload name a class; use Id.NAME with @JsonSubTypes";
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            JsonSubTypes subTypes = raw.getAnnotation(JsonSubTypes.class);
            if (typeInfo == null || typeInfo.use() != JsonTypeInfo.Id.NAME || subTypes == null) {
                return where + ": " + raw.getName()
                        + " is abstract; declare @JsonTypeInfo(use = NAME) and @JsonSubTypes or use a concrete type";
            }
            for (JsonSubTypes.Type sub : subTypes.value()) {
                String problem = check(mapper.getTypeFactory().constructType(sub.value()), where, seen);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (raw.getName().startsWith("java.") || raw.getName().startsWith("javax.")) {
            return where + ": JDK type " + raw.getName() + " has no safe wire form";
        }
        return checkBean(type, where, seen);
    }

    private String checkBean(JavaType type, String where, Set<JavaType> seen) {
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        for (BeanPropertyDefinition property : bean.findProperties()) {
            JsonTypeInfo propertyTypeInfo = property.getPrimaryMember() == null
                    ? null
                    : property.getPrimaryMember().getAnnotation(JsonTypeInfo.class);
            if (propertyTypeInfo != null && propertyTypeInfo.use() != JsonTypeInfo.Id.NAME) {
                return where + "." + property.getName() + ": @JsonTypeInfo(use = " + propertyTypeInfo.use()
                        + ") lets the payload name a class";
            }
            String problem = check(property.getPrimaryType(), where + "." + property.getName(), seen);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
