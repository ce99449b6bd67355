package org.hacp.cluster;

import java.util.concurrent.CompletableFuture;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderContender;

/** A contender that only completes {@code granted} with the token of its first grant; tests lead with it. */
public final class GrantedToken {
    private GrantedToken() {}

    public static LeaderContender into(CompletableFuture<FencingToken> granted) {
        return new LeaderContender() {
            @Override
            public void grantLeadership(FencingToken token) {
                granted.complete(token);
            }

            @Override
            public void revokeLeadership() {}

            @Override
            public void handleError(Throwable error) {
                granted.completeExceptionally(error);
            }
        };
    }
}
