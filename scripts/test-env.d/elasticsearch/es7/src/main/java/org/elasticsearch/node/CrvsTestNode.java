package org.elasticsearch.node;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.shard.IndexSettingProvider;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.Netty4Plugin;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Embedded single Elasticsearch 7.17 node for the crvs-backup test environment.
 * Arguments: {@code key=value} node settings (run-node builds them). Runs until SIGTERM/SIGINT.
 */
public final class CrvsTestNode {

    /** Gives new indices number_of_replicas=0 unless a template or the create request says otherwise. */
    public static final class TestDefaultsPlugin extends Plugin {
        @Override
        public Collection<IndexSettingProvider> getAdditionalIndexSettingProviders() {
            return List.of(new IndexSettingProvider() {
                @Override
                public Settings getAdditionalIndexSettings(String index, boolean dataStreamIndex, Settings templateAndRequest) {
                    return Settings.builder().put("index.number_of_replicas", 0).build();
                }
            });
        }
    }

    /** The protected constructor takes plugin classes from the classpath (no plugins/ or modules/ folders). */
    private static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        String nodeName = settings.get("node.name", "crvs-es7");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> nodeName);
        Node node = new ClasspathNode(environment, List.of(Netty4Plugin.class, TestDefaultsPlugin.class));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "crvs-es-shutdown"));
        node.start();
        System.out.println("crvs-test-node: started " + nodeName);
        stopped.await(); // node threads are daemons: keep the JVM alive
    }
}
