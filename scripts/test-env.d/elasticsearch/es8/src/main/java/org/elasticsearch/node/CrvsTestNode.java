package org.elasticsearch.node;

import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.common.compress.CompressedXContent;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexMode;
import org.elasticsearch.index.IndexSettingProvider;
import org.elasticsearch.plugins.CrvsClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Embedded single Elasticsearch 8.17 node for the crvs-backup test environment.
 * Arguments: {@code key=value} node settings (run-node builds them). Runs until SIGTERM/SIGINT.
 * In this package because NodeConstruction.prepareConstruction and NodeServiceProvider are package-private.
 */
public final class CrvsTestNode {

    /** Gives new indices number_of_replicas=0 unless a template or the create request says otherwise. */
    public static final class TestDefaultsPlugin extends Plugin {
        @Override
        public Collection<IndexSettingProvider> getAdditionalIndexSettingProviders(IndexSettingProvider.Parameters parameters) {
            return List.of(new IndexSettingProvider() {
                @Override
                public Settings getAdditionalIndexSettings(
                    String indexName,
                    String dataStreamName,
                    IndexMode templateIndexMode,
                    Metadata metadata,
                    Instant resolvedAt,
                    Settings indexTemplateAndCreateRequestSettings,
                    List<CompressedXContent> combinedTemplateMappings
                ) {
                    return Settings.builder().put("index.number_of_replicas", 0).build();
                }
            });
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
        String nodeName = settings.get("node.name", "crvs-es8");

        LogConfigurator.configureESLogging(); // routes org.elasticsearch.logging to log4j (classpath log4j2.properties)
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> nodeName);
        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, TestDefaultsPlugin.class);
        NodeServiceProvider services = new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, Settings nodeSettings) {
                return new CrvsClasspathPluginsService(nodeSettings, env, plugins);
            }
        };
        Node node = new Node(NodeConstruction.prepareConstruction(environment, services, true));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.prepareForClose();
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
