package org.hacp.rpc.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 2: the application's class path here carries its own Pekko, 1.0.2 on Scala 2.12
 * (a test dependency of this module), and the RPC system still runs its Pekko 1.7.0 on Scala 2.13
 * from the isolated jar, next to the application's actor system in the same JVM.
 */
class IsolatedPekkoTest {

    public interface LoaderGateway extends RpcGateway {
        /** The context class loader endpoint code runs with. */
        CompletableFuture<String> contextLoader();
    }

    public static final class LoaderEndpoint extends RpcEndpoint implements LoaderGateway {
        public LoaderEndpoint(RpcService service) {
            super(service, "loader");
        }

        @Override
        public CompletableFuture<String> contextLoader() {
            return CompletableFuture.completedFuture(
                    String.valueOf(Thread.currentThread().getContextClassLoader()));
        }
    }

    @Test
    void theApplicationsOwnPekkoAndTheRpcSystemsPekkoRunSideBySide() throws Exception {
        assertThat(org.apache.pekko.Version.current()).isEqualTo("1.0.2");
        assertThat(scala.util.Properties.versionNumberString()).startsWith("2.12.");
        ActorSystem application = ActorSystem.create("application");
        RpcSystem system = RpcSystem.load(ConfigReader.parse("hacp.rpc.system = pekko"));
        try {
            assertThat(system).isInstanceOf(IsolatedRpcSystem.class);
            ClassLoader isolated = ((IsolatedRpcSystem) system).classLoader();
            assertThat(isolated.loadClass("org.apache.pekko.Version")
                            .getMethod("current")
                            .invoke(null))
                    .isEqualTo("1.7.0");
            assertThat(isolated.loadClass("scala.util.Properties")
                            .getMethod("versionNumberString")
                            .invoke(null))
                    .asString()
                    .startsWith("2.13.");
            assertThat(isolated.loadClass(ActorSystem.class.getName())).isNotSameAs(ActorSystem.class);
            // The project's API is shared, so the system's services are the application's RpcService.
            assertThat(isolated.loadClass(RpcService.class.getName())).isSameAs(RpcService.class);

            RpcService server = system.remoteService(TestRpcSystems.config());
            RpcService client = system.remoteService(TestRpcSystems.config());
            try {
                LoaderEndpoint endpoint = new LoaderEndpoint(server);
                endpoint.start();
                LoaderGateway gateway = client.connect(endpoint.getAddress(), LoaderGateway.class)
                        .get(30, TimeUnit.SECONDS);
                assertThat(gateway.contextLoader().get(30, TimeUnit.SECONDS))
                        .isEqualTo(String.valueOf(RpcEndpoint.class.getClassLoader()));
            } finally {
                client.closeAsync().get(30, TimeUnit.SECONDS);
                server.closeAsync().get(30, TimeUnit.SECONDS);
            }
        } finally {
            system.close();
            application.terminate();
            assertThat(application.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isNotNull();
        }
    }

    @Test
    void servicesStillRunningKeepTheClassLoaderUntilTheyTerminate() throws Exception {
        IsolatedRpcSystem system = (IsolatedRpcSystem) RpcSystem.load(ConfigReader.parse("hacp.rpc.system = pekko"));
        RpcService server = system.remoteService(TestRpcSystems.config());
        RpcService client = system.remoteService(TestRpcSystems.config());
        system.close();
        assertThat(system.released()).isFalse();
        // Classes not loaded before the close still load: the first endpoint and call of these services.
        LoaderEndpoint endpoint = new LoaderEndpoint(server);
        endpoint.start();
        LoaderGateway gateway =
                client.connect(endpoint.getAddress(), LoaderGateway.class).get(30, TimeUnit.SECONDS);
        assertThat(gateway.contextLoader().get(30, TimeUnit.SECONDS)).isNotEmpty();
        client.closeAsync().get(30, TimeUnit.SECONDS);
        assertThat(system.released()).isFalse();
        assertThat(system.extractedJar()).exists();
        server.closeAsync().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(system::released);
        assertThat(system.extractedJar()).doesNotExist();
    }

    @Test
    void closingTheSystemDeletesTheJarItExtracted() {
        IsolatedRpcSystem system = (IsolatedRpcSystem) RpcSystem.load(ConfigReader.parse("hacp.rpc.system = pekko"));
        assertThat(system.extractedJar()).exists();
        system.close();
        assertThat(system.extractedJar()).doesNotExist();
        system.close();
    }
}
