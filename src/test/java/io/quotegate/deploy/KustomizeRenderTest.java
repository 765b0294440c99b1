package io.quotegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders both overlays with {@code kubectl kustomize} (plain, no load-restrictor flag: that is how a
 * user applies them) and checks what the application relies on: probe paths and ports, port names,
 * replica counts, the locked-down security context, Secret references, distributed-mode env, the
 * ServiceMonitor selecting the Service, and the embedded PVC.
 */
class KustomizeRenderTest {

    static final int MANAGEMENT_PORT = 8081;
    static final int HTTP_PORT = 8080;

    static List<Map<String, Object>> embedded;
    static List<Map<String, Object>> distributed;

    @BeforeAll
    static void render() throws Exception {
        assumeTrue(
                kubectl().isPresent(), "kubectl is not installed: the kustomize render checks are skipped (CI has it)");
        embedded = kustomize("k8s/overlays/embedded");
        distributed = kustomize("k8s/overlays/distributed");
    }

    // ---- both overlays -------------------------------------------------------------------------

    @Test
    void probesUseTheActuatorGroupsOnTheManagementPort() {
        for (List<Map<String, Object>> objects : List.of(embedded, distributed)) {
            Map<String, Object> c = gatewayContainer(objects);
            assertThat(probe(c, "livenessProbe", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(probe(c, "readinessProbe", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(probe(c, "startupProbe", "path")).isEqualTo("/actuator/health/liveness");
            for (String p : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(containerPort(c, probe(c, p, "port")))
                        .as(p + " port")
                        .isEqualTo(MANAGEMENT_PORT);
            }
            // The application must listen there: MANAGEMENT_SERVER_PORT is what moves actuator to 8081.
            assertThat(envValue(c, "MANAGEMENT_SERVER_PORT")).isEqualTo(Integer.toString(MANAGEMENT_PORT));
        }
    }

    @Test
    void containerAndServicePortsAreNamed() {
        for (List<Map<String, Object>> objects : List.of(embedded, distributed)) {
            Map<String, Object> c = gatewayContainer(objects);
            assertThat(containerPort(c, "http")).isEqualTo(HTTP_PORT);
            assertThat(containerPort(c, "management")).isEqualTo(MANAGEMENT_PORT);
            Map<String, Object> svc = one(objects, "Service", "quotegate");
            List<Map<String, Object>> ports = list(at(svc, "spec", "ports"));
            assertThat(ports).extracting(p -> p.get("name")).containsExactlyInAnyOrder("http", "management");
            for (Map<String, Object> p : ports) {
                assertThat(p.get("targetPort"))
                        .as("service port " + p.get("name"))
                        .isEqualTo(p.get("name"));
            }
            assertThat(map(at(svc, "spec", "selector"))).containsAllEntriesOf(podLabels(objects));
        }
    }

    @Test
    void replicaCounts() {
        assertThat(at(one(embedded, "Deployment", "quotegate"), "spec", "replicas"))
                .isEqualTo(1);
        assertThat(at(one(distributed, "Deployment", "quotegate"), "spec", "replicas"))
                .isEqualTo(3);
        assertThat(at(one(embedded, "Deployment", "quotegate"), "spec", "strategy", "type"))
                .isEqualTo("Recreate");
        // Embedded must not autoscale: a second embedded replica spends the budget again.
        assertThat(all(embedded, "HorizontalPodAutoscaler")).isEmpty();
        Map<String, Object> hpa = one(distributed, "HorizontalPodAutoscaler", "quotegate");
        assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(at(hpa, "spec", "minReplicas")).isEqualTo(3);
        assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo("quotegate");
        assertThat(list(at(hpa, "spec", "metrics")))
                .extracting(m -> at(m, "resource", "name"))
                .contains("cpu");
    }

    @Test
    void disruptionBudgetsLetADrainThrough() {
        for (List<Map<String, Object>> objects : List.of(embedded, distributed)) {
            Map<String, Object> pdb = one(objects, "PodDisruptionBudget", "quotegate");
            Map<String, Object> spec = map(pdb.get("spec"));
            int replicas = (Integer) at(one(objects, "Deployment", "quotegate"), "spec", "replicas");
            if (spec.containsKey("minAvailable")) {
                assertThat((Integer) spec.get("minAvailable"))
                        .as("minAvailable must be below the replicas")
                        .isLessThan(replicas);
            } else {
                assertThat((Integer) spec.get("maxUnavailable")).isBetween(1, replicas);
            }
            assertThat(map(at(pdb, "spec", "selector", "matchLabels")))
                    .isEqualTo(map(at(one(objects, "Deployment", "quotegate"), "spec", "selector", "matchLabels")));
        }
    }

    @Test
    void podIsLockedDown() {
        for (List<Map<String, Object>> objects : List.of(embedded, distributed)) {
            Map<String, Object> pod = podSpec(objects);
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(at(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
            Map<String, Object> c = gatewayContainer(objects);
            assertThat(at(c, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(at(c, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(at(c, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
            assertThat(strings(at(c, "securityContext", "capabilities", "drop")))
                    .containsExactly("ALL");
            assertThat(at(c, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
            assertThat(map(at(c, "resources", "requests"))).containsKeys("cpu", "memory");
            assertThat(map(at(c, "resources", "limits"))).containsKey("memory");
            // A read-only root needs writable /tmp and /data, and the config where the app reads it.
            assertThat(mountedVolume(objects, "/tmp")).containsKey("emptyDir");
            assertThat(mountedVolume(objects, "/data")).isNotNull();
            assertThat(envValue(c, "QUOTEGATE_DATA_DIR")).isEqualTo("/data");
            Map<String, Object> config = mountedVolume(objects, "/workspace/config");
            String configMap = (String) at(config, "configMap", "name");
            assertThat(configMap).startsWith("quotegate-config");
            Map<String, Object> cm = one(objects, "ConfigMap", configMap);
            assertThat(map(cm.get("data"))).containsKeys("application.yml", "application-live.yml");
            assertThat((String) map(cm.get("data")).get("application.yml"))
                    .contains("quotegate:")
                    .contains("feeds:");
        }
    }

    @Test
    void providerKeysAreFilesOfAnOptionalSecretThatRollOver_andTheAdminTokenAnOptionalSecret() {
        List<String> files = List.of(
                "TWELVEDATA_API_KEY",
                "MARKETSTACK_API_KEY",
                "COINGECKO_API_KEY",
                "ALPACA_API_KEY_ID",
                "ALPACA_API_SECRET_KEY",
                "CAPITALCOM_API_KEY",
                "CAPITALCOM_PASSWORD");
        for (List<Map<String, Object>> objects : List.of(embedded, distributed)) {
            Map<String, Object> c = gatewayContainer(objects);
            Map<String, Object> keys =
                    map(mountedVolume(objects, "/etc/quotegate/keys").get("secret"));
            assertThat(keys.get("secretName")).isEqualTo("quotegate-provider-keys");
            assertThat(keys.get("optional"))
                    .as("optional, so the demo runs without keys")
                    .isEqualTo(true);
            Map<String, Object> mount = list(c.get("volumeMounts")).stream()
                    .filter(m -> "/etc/quotegate/keys".equals(m.get("mountPath")))
                    .findFirst()
                    .orElseThrow();
            assertThat(mount)
                    .as("a subPath mount never sees the Secret's updates")
                    .doesNotContainKey("subPath");
            assertThat(mount.get("readOnly")).isEqualTo(true);
            for (String key : files) {
                assertThat(envValue(c, key + "_FILE")).as(key).isEqualTo("/etc/quotegate/keys/" + key);
                assertThat(envEntry(c, key))
                        .as(key + " is read from its file, not a variable")
                        .isNull();
            }
            assertThat(secretRef(c, "CAPITALCOM_IDENTIFIER"))
                    .containsEntry("name", "quotegate-provider-keys")
                    .containsEntry("optional", true);
            assertThat(secretRef(c, "QUOTEGATE_ADMIN_TOKEN"))
                    .containsEntry("name", "quotegate-admin")
                    .containsEntry("optional", true);
            // No Secret is rendered: keys are never in git.
            assertThat(all(objects, "Secret")).isEmpty();
        }
    }

    @Test
    void serviceMonitorSelectsTheServiceAndScrapesItsManagementPort() {
        for (List<Map<String, Object>> objects : List.of(embedded, distributed)) {
            Map<String, Object> sm = one(objects, "ServiceMonitor", "quotegate");
            assertThat(sm.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
            Map<String, Object> selector = map(at(sm, "spec", "selector", "matchLabels"));
            assertThat(selector).isNotEmpty();
            List<Map<String, Object>> selected = all(objects, "Service").stream()
                    .filter(s -> map(at(s, "metadata", "labels")).entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected)
                    .as("Services selected by the ServiceMonitor")
                    .extracting(KustomizeRenderTest::name)
                    .containsExactly("quotegate");
            List<Object> servicePortNames = list(at(selected.get(0), "spec", "ports")).stream()
                    .map(p -> p.get("name"))
                    .toList();
            for (Map<String, Object> endpoint : list(at(sm, "spec", "endpoints"))) {
                assertThat(servicePortNames).contains(endpoint.get("port"));
                assertThat(endpoint.get("port")).isEqualTo("management");
                assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
            }
        }
    }

    // ---- embedded --------------------------------------------------------------------------------

    @Test
    void embeddedKeepsTheLedgerRecordOnAClaim() {
        Map<String, Object> data = mountedVolume(embedded, "/data");
        String claim = (String) at(data, "persistentVolumeClaim", "claimName");
        assertThat(claim).isNotNull();
        assertThat(data).doesNotContainKey("emptyDir");
        Map<String, Object> pvc = one(embedded, "PersistentVolumeClaim", claim);
        assertThat(strings(at(pvc, "spec", "accessModes"))).contains("ReadWriteOnce");
        assertThat(at(pvc, "spec", "resources", "requests", "storage")).isNotNull();
        assertThat(envValue(gatewayContainer(embedded), "QUOTEGATE_MODE")).isNull();
    }

    // ---- distributed -----------------------------------------------------------------------------

    @Test
    void distributedRunsOnTheBundledRedisAndPostgres() {
        Map<String, Object> c = gatewayContainer(distributed);
        assertThat(envValue(c, "QUOTEGATE_MODE")).isEqualTo("distributed");
        assertThat(envValue(c, "SPRING_DATA_REDIS_URL")).isEqualTo("redis://redis:6379");
        assertThat(envValue(c, "SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/quotegate");
        assertThat(secretRef(c, "SPRING_DATASOURCE_USERNAME"))
                .containsEntry("name", "quotegate-postgres")
                .containsEntry("key", "username");
        assertThat(secretRef(c, "SPRING_DATASOURCE_PASSWORD"))
                .containsEntry("name", "quotegate-postgres")
                .containsEntry("key", "password");
        assertThat(secretRef(c, "SPRING_DATASOURCE_PASSWORD").get("optional"))
                .as("the DB password is required")
                .isNotEqualTo(true);

        // The URLs' hosts and ports are Services of this install, backed by StatefulSets.
        assertServiceBacksStatefulSet("redis", 6379);
        assertServiceBacksStatefulSet("postgres", 5432);
        Map<String, Object> pg = firstContainer(one(distributed, "StatefulSet", "postgres"));
        assertThat(secretRef(pg, "POSTGRES_PASSWORD"))
                .containsEntry("name", "quotegate-postgres")
                .containsEntry("key", "password");
        assertThat(envValue(pg, "POSTGRES_DB")).isEqualTo("quotegate");
        // The ServiceMonitor must not pick the datastores up (they have no management port).
        for (String s : List.of("redis", "postgres")) {
            assertThat(map(at(one(distributed, "Service", s), "metadata", "labels")))
                    .doesNotContainEntry("app.kubernetes.io/name", "quotegate");
        }
    }

    private static void assertServiceBacksStatefulSet(String name, int port) {
        Map<String, Object> svc = one(distributed, "Service", name);
        assertThat(list(at(svc, "spec", "ports")))
                .extracting(p -> p.get("port"))
                .contains(port);
        Map<String, Object> sts = one(distributed, "StatefulSet", name);
        assertThat(at(sts, "spec", "serviceName")).isEqualTo(name);
        Map<String, Object> labels = map(at(sts, "spec", "template", "metadata", "labels"));
        assertThat(labels).containsAllEntriesOf(map(at(svc, "spec", "selector")));
        assertThat(list(at(firstContainer(sts), "ports")))
                .extracting(p -> p.get("containerPort"))
                .contains(port);
        assertThat(at(firstContainer(sts), "securityContext", "allowPrivilegeEscalation"))
                .isEqualTo(false);
    }

    // ---- rendering and navigation ------------------------------------------------------------------

    static Optional<String> kubectl() {
        for (String dir :
                Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    static List<Map<String, Object>> kustomize(String dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder(kubectl().orElseThrow(), "kustomize", dir)
                    .redirectErrorStream(false)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("kubectl kustomize " + dir + " finished")
                    .isTrue();
            assertThat(p.exitValue())
                    .as("kubectl kustomize " + dir + ":\n" + err)
                    .isZero();
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object doc : yaml.loadAll(Files.readString(out))) {
                if (doc != null) {
                    objects.add(map(doc));
                }
            }
            assertThat(objects).as("objects rendered from " + dir).isNotEmpty();
            return objects;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static List<Map<String, Object>> all(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    static Map<String, Object> one(List<Map<String, Object>> objects, String kind, String name) {
        List<Map<String, Object>> found =
                all(objects, kind).stream().filter(o -> name.equals(name(o))).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    static String name(Map<String, Object> o) {
        return (String) at(o, "metadata", "name");
    }

    static Map<String, Object> podSpec(List<Map<String, Object>> objects) {
        return map(at(one(objects, "Deployment", "quotegate"), "spec", "template", "spec"));
    }

    static Map<String, Object> podLabels(List<Map<String, Object>> objects) {
        return map(at(one(objects, "Deployment", "quotegate"), "spec", "template", "metadata", "labels"));
    }

    static Map<String, Object> gatewayContainer(List<Map<String, Object>> objects) {
        return list(podSpec(objects).get("containers")).stream()
                .filter(c -> "quotegate".equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container named quotegate"));
    }

    static Map<String, Object> firstContainer(Map<String, Object> workload) {
        return list(at(workload, "spec", "template", "spec", "containers")).get(0);
    }

    static Object probe(Map<String, Object> container, String probe, String field) {
        Object v = at(container, probe, "httpGet", field);
        assertThat(v).as(probe + ".httpGet." + field).isNotNull();
        return v;
    }

    /** A probe port is a number or a container port name; either way, the number it resolves to. */
    static int containerPort(Map<String, Object> container, Object nameOrNumber) {
        if (nameOrNumber instanceof Integer n) {
            return n;
        }
        return list(container.get("ports")).stream()
                .filter(p -> nameOrNumber.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + nameOrNumber));
    }

    static Map<String, Object> envEntry(Map<String, Object> container, String name) {
        return list(container.get("env")).stream()
                .filter(e -> name.equals(e.get("name")))
                .findFirst()
                .orElse(null);
    }

    static String envValue(Map<String, Object> container, String name) {
        Map<String, Object> e = envEntry(container, name);
        return e == null ? null : (String) e.get("value");
    }

    static Map<String, Object> secretRef(Map<String, Object> container, String name) {
        Map<String, Object> e = envEntry(container, name);
        assertThat(e).as("env " + name).isNotNull();
        Object ref = at(e, "valueFrom", "secretKeyRef");
        assertThat(ref).as("env " + name + " from a secretKeyRef").isNotNull();
        return map(ref);
    }

    static Map<String, Object> mountedVolume(List<Map<String, Object>> objects, String mountPath) {
        Map<String, Object> mount = list(gatewayContainer(objects).get("volumeMounts")).stream()
                .filter(m -> mountPath.equals(m.get("mountPath")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
        return list(podSpec(objects).get("volumes")).stream()
                .filter(v -> mount.get("name").equals(v.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + mount.get("name")));
    }

    static Object at(Object node, String... path) {
        Object cur = node;
        for (String key : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o) {
        return o == null ? List.of() : (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }
}
