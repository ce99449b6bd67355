package org.hacp.rpc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Gateways the wire format must refuse, and one polymorphic gateway it must accept. */
final class UnencodableGateways {
    private UnencodableGateways() {}

    interface ObjectParameter extends RpcGateway {
        CompletableFuture<String> take(Object anything);
    }

    interface ObjectResult extends RpcGateway {
        CompletableFuture<Object> give();
    }

    @SuppressWarnings("rawtypes")
    interface RawList extends RpcGateway {
        CompletableFuture<Integer> size(List values);
    }

    interface Shape {}

    interface OpenInterfaceParameter extends RpcGateway {
        CompletableFuture<String> draw(Shape shape);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    record ClassTagged(String value) {}

    interface ClassTypeIdParameter extends RpcGateway {
        CompletableFuture<String> tagged(ClassTagged value);
    }

    record Holder(Object payload) {}

    interface NestedObjectField extends RpcGateway {
        void hold(Holder holder);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Circle.class, name = "circle"),
        @JsonSubTypes.Type(value = Square.class, name = "square")
    })
    interface ClosedShape {}

    record Circle(double radius) implements ClosedShape {}

    record Square(double side) implements ClosedShape {}

    interface ClosedPolymorphism extends RpcGateway {
        CompletableFuture<String> kind(ClosedShape shape);
    }

    static class ObjectParameterEndpoint extends RpcEndpoint implements ObjectParameter {
        ObjectParameterEndpoint(RpcService service) {
            super(service, "object-parameter");
        }

        @Override
        public CompletableFuture<String> take(Object anything) {
            return CompletableFuture.completedFuture("taken");
        }
    }

    static class ClosedPolymorphismEndpoint extends RpcEndpoint implements ClosedPolymorphism {
        ClosedPolymorphismEndpoint(RpcService service) {
            super(service, "closed-shapes");
        }

        @Override
        public CompletableFuture<String> kind(ClosedShape shape) {
            return CompletableFuture.completedFuture(shape.getClass().getSimpleName());
        }
    }
}
