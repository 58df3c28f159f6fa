package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactErrors;
import dev.slipway.store.InMemoryArtifactStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManifestServiceTest {
  private static final String RUNTIME = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:142";
  private static final String BUILD = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-build:142";

  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final ManifestService service = new ManifestService(store);
  private ManifestRequest release;

  @BeforeEach
  void setUp() {
    Fixtures.uploadTemplates(store, "shop");
    release = Fixtures.release();
  }

  private List<Yaml.Document> rendered(String cluster) {
    String key = "artifacts/shop/142/manifests/" + cluster + ".yaml";
    return Yaml.documents(key, store.get(key).text());
  }

  private JsonNode object(String cluster, String kind, String name) {
    return rendered(cluster).stream()
        .map(Yaml.Document::object)
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void generate_shouldWriteOneManifestPerCluster_andListItsObjectsInApplyOrder() {
    ManifestResult result = service.generate(release);

    assertThat(result.manifests())
        .extracting(ManifestResult.ClusterManifest::key)
        .containsExactly(
            "artifacts/shop/142/manifests/core-1.yaml", "artifacts/shop/142/manifests/edge-1.yaml");
    assertThat(result.manifests().get(0).objects())
        .extracting(ObjectRef::kind)
        .containsExactly("ServiceAccount", "ConfigMap", "Service", "Deployment", "ServiceMonitor");
    assertThat(result.manifests().get(0).objects().get(0))
        .isEqualTo(new ObjectRef("v1", "ServiceAccount", "shop", "shop-api"));
    assertThat(rendered("core-1")).hasSize(5);
  }

  @Test
  void generate_shouldSubstituteParametersPerCluster_andKeepEscapedLiterals() {
    service.generate(release);

    JsonNode container =
        object("edge-1", "Deployment", "shop-api").at("/spec/template/spec/containers/0");
    assertThat(container.path("image").asText()).isEqualTo(RUNTIME);
    assertThat(container.at("/env/0/value").asText()).isEqualTo("edge-1");
    assertThat(container.at("/env/2/value").asText()).isEqualTo("info");
    JsonNode config = object("core-1", "ConfigMap", "shop-config");
    assertThat(config.at("/data/cluster").asText()).isEqualTo("core-1");
    assertThat(config.at("/data/greeting").asText()).isEqualTo("Hello from ${HOSTNAME}");
  }

  @Test
  void generate_shouldAddReleaseLabelsAnnotationsAndTheProgressDeadline() {
    service.generate(release);

    JsonNode deployment = object("core-1", "Deployment", "shop-api");
    assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1name").asText())
        .isEqualTo("shop");
    assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1version").asText())
        .isEqualTo("142");
    JsonNode annotations = deployment.at("/metadata/annotations");
    assertThat(annotations.path("slipway.dev/git-repo").asText())
        .isEqualTo("https://github.com/example/shop.git");
    assertThat(annotations.path("slipway.dev/commit").asText())
        .isEqualTo("9f2c4e1b7a03d5c8e6f1a2b3c4d5e6f7a8b9c0d1");
    assertThat(annotations.path("slipway.dev/build").asText()).isEqualTo("142");
    assertThat(annotations.path("slipway.dev/ticket").asText()).isEqualTo("SHOP-2231");
    assertThat(annotations.path("slipway.dev/execution-arn").asText())
        .startsWith("arn:aws:states:eu-west-1:123456789012:execution:");
    assertThat(deployment.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1version").asText())
        .isEqualTo("142");
    assertThat(deployment.at("/spec/template/metadata/labels/app").asText()).isEqualTo("shop-api");
    // every object carries the labels, not only workloads
    assertThat(rendered("core-1"))
        .allSatisfy(
            d ->
                assertThat(d.object().at("/metadata/labels/app.kubernetes.io~1version").asText())
                    .isEqualTo("142"));
  }

  @Test
  void generate_shouldUseTheAppsProgressDeadline_butKeepOneTheTemplateSets() {
    var current = release.appSettings();
    var settings =
        new ManifestRequest.AppSettings(
            900, current.crds(), params(), current.namespaces(), current.confinement());
    service.generate(withSettings(settings));
    assertThat(
            object("core-1", "Deployment", "shop-api").at("/spec/progressDeadlineSeconds").asInt())
        .isEqualTo(900);

    replaceInTemplate(
        "deployment.yaml", "  replicas: 2\n", "  replicas: 2\n  progressDeadlineSeconds: 120\n");
    service.generate(withSettings(settings));
    assertThat(
            object("core-1", "Deployment", "shop-api").at("/spec/progressDeadlineSeconds").asInt())
        .isEqualTo(120);
  }

  @Test
  void generate_shouldApplyTheEnvironmentOverride_thenTheClusterOverride() {
    service.generate(release);

    assertThat(object("core-1", "Deployment", "shop-api").at("/spec/replicas").asInt())
        .isEqualTo(6);
    JsonNode edge = object("edge-1", "Deployment", "shop-api");
    assertThat(edge.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(edge.at("/metadata/annotations/edge.example.com~1pool").asText()).isEqualTo("spot");
    assertThat(
            object("core-1", "Deployment", "shop-api")
                .at("/metadata/annotations")
                .has("edge.example.com/pool"))
        .isFalse();
    assertThat(object("edge-1", "ConfigMap", "shop-config").at("/data/feature-flags").asText())
        .isEqualTo("checkout-v2=on");
  }

  @Test
  void generate_shouldNotApplyAnotherEnvironmentsOverride() {
    var staging = variant(release.ticket(), "staging");
    service.generate(staging);
    assertThat(object("core-1", "Deployment", "shop-api").at("/spec/replicas").asInt())
        .isEqualTo(2);
  }

  @Test
  void generate_shouldRemoveAFieldAndReplaceAList_asMergePatchesDo() {
    Fixtures.put(
        store,
        "templates/shop/overrides/cluster/core-1.yaml",
        """
        kind: Deployment
        metadata:
          name: shop-api
        spec:
          template:
            spec:
              serviceAccountName: null
              containers:
                - name: api
                  image: ${image}
        """);
    service.generate(release);

    JsonNode pod = object("core-1", "Deployment", "shop-api").at("/spec/template/spec");
    assertThat(pod.has("serviceAccountName")).isFalse();
    assertThat(pod.path("containers")).hasSize(1);
    assertThat(pod.at("/containers/0/image").asText()).isEqualTo(RUNTIME);
  }

  @Test
  void generate_shouldFailWithInvalidOverrideNamingFileAndLine_whenTheTargetDoesNotExist() {
    Fixtures.put(
        store,
        "templates/shop/overrides/env/prod.yaml",
        "kind: Deployment\nmetadata:\n  name: shop-api\n---\n\nkind: Deployment\nmetadata:\n  name: shop-web\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_OVERRIDE,
        "templates/shop/overrides/env/prod.yaml:6: the override targets Deployment/shop-web");
  }

  @Test
  void generate_shouldFailWithUnknownParameterNamingFileLineAndColumn() {
    replaceInTemplate("deployment.yaml", "value: ${log_level}", "value: ${log_levle}");
    assertError(
        () -> service.generate(release),
        ManifestErrors.UNKNOWN_PARAMETER,
        "templates/shop/deployment.yaml:29:22: unknown template parameter '${log_levle}'");
  }

  @Test
  void generate_shouldFailWithUnknownParameter_whenTheReleaseHasNoValueForIt() {
    replaceInTemplate(
        "configmap.yaml",
        "  cluster: ${cluster}\n",
        "  cluster: ${cluster}\n  ticket: ${ticket}\n");
    var noTicket = variant(null, "prod");
    assertError(
        () -> service.generate(noTicket),
        ManifestErrors.UNKNOWN_PARAMETER,
        "templates/shop/configmap.yaml:8:11: template parameter '${ticket}' has no value");
  }

  @Test
  void generate_shouldFailWithInvalidTemplate_whenAReferenceIsNeverClosed() {
    replaceInTemplate("configmap.yaml", "cluster: ${cluster}", "cluster: ${cluster");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_TEMPLATE,
        "templates/shop/configmap.yaml:7: '${' at column 12 is never closed");
  }

  @Test
  void generate_shouldFailWithInvalidTemplate_whenAReferenceHasADefault() {
    replaceInTemplate("configmap.yaml", "cluster: ${cluster}", "cluster: ${cluster:-x}");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_TEMPLATE,
        "templates/shop/configmap.yaml:7: '${cluster:-x}' at column 12 is not a parameter");
  }

  @Test
  void generate_shouldFailWithInvalidYamlNamingFileLineAndColumn() {
    replaceInTemplate(
        "service.yaml",
        "  selector:\n    app: shop-api\n",
        "  selector:\n    app: shop-api\n   bad: indent\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_YAML,
        "templates/shop/service.yaml:15:4: not valid YAML");
  }

  @Test
  void generate_shouldFailWithInvalidYaml_whenAKeyIsRepeated() {
    replaceInTemplate(
        "configmap.yaml", "  cluster: ${cluster}\n", "  cluster: ${cluster}\n  cluster: again\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_YAML,
        "templates/shop/configmap.yaml:8:10: not valid YAML: Duplicate field 'cluster'");
  }

  @Test
  void generate_shouldFailWithInvalidObject_whenKindIsMissing() {
    Fixtures.put(store, "templates/shop/extra.yaml", "---\napiVersion: v1\nmetadata:\n  name: x\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_OBJECT,
        "templates/shop/extra.yaml:2: the document is not a Kubernetes object Slipway can deploy: kind is missing");
  }

  @Test
  void generate_shouldFailWithInvalidObject_whenTheDocumentIsAList() {
    Fixtures.put(store, "templates/shop/extra.yaml", "- a\n- b\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_OBJECT,
        "templates/shop/extra.yaml:1: ");
  }

  @Test
  void generate_shouldFailWithInvalidObject_whenTheKindIsNeitherBuiltInNorADeclaredCrd() {
    Fixtures.put(
        store,
        "templates/shop/rollout.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: shop\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_OBJECT,
        "add 'argoproj.io/v1alpha1/Rollout' to the app's release.crds in config/slipway.yaml");
  }

  @Test
  void generate_shouldFailWithInvalidObject_whenABuiltInKindUsesARemovedApiVersion() {
    Fixtures.put(
        store,
        "templates/shop/ingress.yaml",
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: shop\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_OBJECT,
        "templates/shop/ingress.yaml:1: the document is not a Kubernetes object Slipway can deploy:"
            + " Ingress/shop uses apiVersion extensions/v1beta1");
  }

  @Test
  void generate_shouldFailWithInvalidObject_whenTheNameIsNotAKubernetesName() {
    Fixtures.put(
        store,
        "templates/shop/bad.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Shop_Config\n");
    assertError(
        () -> service.generate(release), ManifestErrors.INVALID_OBJECT, "name 'Shop_Config'");
  }

  @Test
  void generate_shouldFailWithInvalidTemplate_whenAnObjectIsDefinedTwice() {
    Fixtures.put(
        store,
        "templates/shop/zz-copy.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop-config\n  namespace: shop\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_TEMPLATE,
        "templates/shop/zz-copy.yaml:1: ConfigMap/shop/shop-config is defined twice (first at"
            + " templates/shop/configmap.yaml:1)");
  }

  @Test
  void generate_shouldFailWithInvalidTemplate_whenAnOverrideFileIsMisplaced() {
    Fixtures.put(store, "templates/shop/overrides/prod.yaml", "kind: Deployment\n");
    assertError(
        () -> service.generate(release),
        ManifestErrors.INVALID_TEMPLATE,
        "templates/shop/overrides/prod.yaml: unexpected override file");
  }

  @Test
  void generate_shouldFailWithArtifactNotFoundSayingWhatToUpload_whenThereAreNoTemplates() {
    var other =
        new ManifestRequest(
            "billing",
            null,
            null,
            "7",
            "abc",
            null,
            null,
            new ManifestRequest.Images("registry/billing:7", null),
            "prod",
            List.of("core-1"),
            null,
            null,
            null,
            null);
    assertError(
        () -> service.generate(other),
        ArtifactErrors.NOT_FOUND,
        "no object at s3 key 'templates/billing/*.yaml'. The app's build uploads its Kubernetes"
            + " templates there");
  }

  @Test
  void generate_shouldFailWithImageMismatch_whenTheBuildImageReachesAManifest() {
    replaceInTemplate("deployment.yaml", "image: envoyproxy/envoy:v1.31.2", "image: " + BUILD);
    assertError(
        () -> service.generate(release),
        ManifestErrors.IMAGE_MISMATCH,
        "Deployment/shop/shop-api carries the build image " + BUILD);
  }

  @Test
  void generate_shouldFailWithImageMismatch_whenATemplatePinsAnOlderRuntimeTag() {
    replaceInTemplate(
        "deployment.yaml",
        "image: envoyproxy/envoy:v1.31.2",
        "image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:141");
    assertError(
        () -> service.generate(release),
        ManifestErrors.IMAGE_MISMATCH,
        "runs 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:141, but this build produced "
            + RUNTIME);
  }

  @Test
  void generate_shouldFailWithImageMismatch_whenNoContainerRunsTheRuntimeImage() {
    replaceInTemplate("deployment.yaml", "image: ${image}", "image: nginx:1.27");
    assertError(
        () -> service.generate(release),
        ManifestErrors.IMAGE_MISMATCH,
        "no container in the manifest for cluster core-1 runs the runtime image " + RUNTIME);
  }

  @Test
  void generate_shouldFailWithInvalidRequest_whenTheReleaseLacksFields() {
    var incomplete =
        new ManifestRequest(
            "shop", null, null, null, null, null, null, null, "prod", List.of(), null, null, null,
            null);
    assertError(
        () -> service.generate(incomplete),
        ManifestErrors.INVALID_REQUEST,
        "missing build_num, commit, images.runtime, clusters");
  }

  @Test
  void generate_shouldFailWithInvalidRequest_whenAClusterIsListedTwice() {
    var twice =
        new ManifestRequest(
            "shop",
            null,
            null,
            "142",
            "abc",
            null,
            null,
            release.images(),
            "prod",
            List.of("core-1", "core-1"),
            null,
            null,
            release.settings(),
            null);
    assertError(() -> service.generate(twice), ManifestErrors.INVALID_REQUEST, "repeats a cluster");
  }

  @Test
  void generate_shouldNotSubstituteInsideParameterValues() {
    replaceInTemplate(
        "configmap.yaml",
        "  cluster: ${cluster}\n",
        "  cluster: ${cluster}\n  ticket: \"${ticket}\"\n");
    var odd = variant("${image}", "prod");
    service.generate(odd);
    assertThat(object("core-1", "ConfigMap", "shop-config").at("/data/ticket").asText())
        .isEqualTo("${image}");
  }

  @Test
  void generate_shouldRefuseAUnicodeLineBreakInjection_namingTheFieldButNotQuotingTheValue() {
    referenceComponentAndTicket();
    var injected = withComponent(HostileStrings.CLUSTER_ROLE_BINDING);

    assertError(
        () -> service.generate(injected),
        ManifestErrors.INVALID_REQUEST,
        "the release field component holds a line break (U+2028) at character 13");
    assertThatThrownBy(() -> service.generate(injected))
        .hasMessageNotContaining("ClusterRoleBinding")
        .hasMessageNotContaining("checkout-api");
    assertThat(store.list("artifacts/")).isEmpty();
  }

  @Test
  void generate_shouldRefuseEveryKindOfCharacterNoReleaseFieldMayHold_namingFieldAndCodePoint() {
    for (String bad :
        List.of("\u0085", "\u2029", "\u000B", "\u0000", "\u202E", "\uFEFF", "\uD800")) {
      assertError(
          () -> service.generate(variant("SHOP-1" + bad + "x", "prod")),
          ManifestErrors.INVALID_REQUEST,
          "the release field ticket holds a");
      assertError(
          () -> service.generate(variant("SHOP-1" + bad + "x", "prod")),
          ManifestErrors.INVALID_REQUEST,
          String.format("(U+%04X) at character 7", (int) bad.charAt(0)));
    }
    var parameters = new LinkedHashMap<>(params());
    parameters.put("log_level", "info\u2029debug");
    assertError(
        () ->
            service.generate(
                withSettings(
                    new ManifestRequest.AppSettings(
                        null, release.appSettings().crds(), parameters))),
        ManifestErrors.INVALID_REQUEST,
        "the release field settings.parameters.log_level holds a line break (U+2029) at character 5");
  }

  @Test
  void generate_shouldRefuseOverLongFields_andNamesThatAreNoNames_withoutQuotingThem() {
    assertError(
        () -> service.generate(variant("T".repeat(1025), "prod")),
        ManifestErrors.INVALID_REQUEST,
        "the release field ticket is 1025 characters long; at most 1024 are allowed");
    assertError(
        () -> service.generate(variant("SHOP-1", "p".repeat(64))),
        ManifestErrors.INVALID_REQUEST,
        "the release field environment is 64 characters long; at most 63 are allowed");
    assertThatThrownBy(() -> service.generate(variant("SHOP-1", "prod: {x: *y}")))
        .satisfies(
            e ->
                assertThat(((SlipwayException) e).errorName())
                    .isEqualTo(ManifestErrors.INVALID_REQUEST))
        .hasMessageContaining("environment must be letters, digits")
        .hasMessageNotContaining("{x: *y}");
  }

  @Test
  void generate_shouldRenderAValueFullOfYamlSyntax_asOneScalar_andNoExtraObject() {
    referenceComponentAndTicket();
    String flat = HostileStrings.CLUSTER_ROLE_BINDING_FLAT;
    ManifestResult result = service.generate(withComponent(flat));

    assertThat(result.manifests().get(0).objects())
        .extracting(ObjectRef::kind)
        .containsExactly("ServiceAccount", "ConfigMap", "Service", "Deployment", "ServiceMonitor");
    assertThat(rendered("core-1")).hasSize(5);
    JsonNode config = object("core-1", "ConfigMap", "shop-config");
    assertThat(config.at("/data/component").textValue()).isEqualTo(flat);
    assertThat(config.at("/data/component-quoted").textValue()).isEqualTo(flat);
    assertThat(config.at("/data/note").textValue()).isEqualTo("built " + flat + " for SHOP-2231");
  }

  @Test
  void parameters_shouldKeepTheInjectionOneScalar_evenWithoutTheFieldCheck() {
    referenceComponentAndTicket();
    String key = "templates/shop/configmap.yaml";
    var parameters =
        ManifestService.parameters(withComponent(HostileStrings.CLUSTER_ROLE_BINDING), "core-1");

    List<Yaml.Document> documents = parameters.render(key, store.get(key).text());

    assertThat(documents).extracting(d -> d.ref().kind()).containsExactly("ConfigMap");
    assertThat(documents.get(0).object().at("/data/component").textValue())
        .isEqualTo(HostileStrings.CLUSTER_ROLE_BINDING);
  }

  @Test
  void generate_shouldGiveAPlainReferenceTheTypeOfANumber_andKeepAQuotedOneAString() {
    var parameters = new LinkedHashMap<>(params());
    parameters.put("replicas", "4");
    replaceInTemplate(
        "deployment.yaml",
        "  replicas: 2\n",
        "  replicas: ${replicas}\n  minReadySeconds: ${replicas}\n");
    replaceInTemplate(
        "configmap.yaml",
        "  cluster: ${cluster}\n",
        "  cluster: ${cluster}\n  replicas: \"${replicas}\"\n");
    service.generate(
        withSettings(
            new ManifestRequest.AppSettings(
                null,
                release.appSettings().crds(),
                parameters,
                release.appSettings().namespaces(),
                release.appSettings().confinement())));

    assertThat(object("edge-1", "Deployment", "shop-api").at("/spec/replicas").isInt()).isTrue();
    assertThat(object("edge-1", "Deployment", "shop-api").at("/spec/minReadySeconds").asInt())
        .isEqualTo(4);
    assertThat(object("core-1", "ConfigMap", "shop-config").at("/data/replicas").textValue())
        .isEqualTo("4");
  }

  @Test
  void generate_shouldRenderA200ObjectApp() {
    var text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append(
          """
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: worker-%1$03d
            namespace: ${namespace}
          spec:
            selector: {matchLabels: {app: worker-%1$03d}}
            template:
              metadata: {labels: {app: worker-%1$03d}}
              spec:
                containers:
                  - name: worker
                    image: ${image}
                    env: [{name: SHARD, value: "%1$d"}, {name: CLUSTER, value: ${cluster}}]
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: worker-%1$03d
            namespace: ${namespace}
          spec:
            selector: {app: worker-%1$03d}
            ports: [{port: 80, targetPort: 8080}]
          """
              .formatted(i));
    }
    Fixtures.put(store, "templates/fleet/workers.yaml", text.toString());
    var fleet =
        new ManifestRequest(
            "fleet",
            "https://github.com/example/fleet.git",
            "main",
            "9",
            "abc123",
            null,
            null,
            new ManifestRequest.Images(
                "registry.example.com/fleet:9", "registry.example.com/fleet-build:9"),
            "prod",
            List.of("core-1", "edge-1"),
            "arn:aws:states:eu-west-1:1:execution:r:fleet-9",
            null,
            new ManifestRequest.AppSettings(
                null,
                null,
                Map.of("namespace", "fleet"),
                Map.of("core-1", "fleet", "edge-1", "fleet"),
                null),
            null);

    ManifestResult result = service.generate(fleet);

    assertThat(result.manifests()).hasSize(2);
    assertThat(result.manifests()).allSatisfy(m -> assertThat(m.objects()).hasSize(200));
    var edge = Yaml.documents("x", store.get("artifacts/fleet/9/manifests/edge-1.yaml").text());
    assertThat(edge).hasSize(200);
    assertThat(edge.get(0).object().path("kind").asText()).isEqualTo("Service");
    assertThat(edge.get(199).object().at("/spec/template/spec/containers/0/env/1/value").asText())
        .isEqualTo("edge-1");
  }

  /** The attacker's template: the release's component and ticket in a ConfigMap. */
  private void referenceComponentAndTicket() {
    replaceInTemplate(
        "configmap.yaml",
        "  cluster: ${cluster}\n",
        "  cluster: ${cluster}\n  component: ${component}\n  component-quoted: \"${component}\"\n"
            + "  note: built ${component} for ${ticket}\n");
  }

  private ManifestRequest withComponent(String component) {
    return with(
        release.ticket(), component, release.environment(), release.clusters(), release.settings());
  }

  private Map<String, String> params() {
    return release.appSettings().appParameters();
  }

  /** The committed release with another ticket and environment, to cluster core-1 only. */
  private ManifestRequest variant(String ticket, String environment) {
    return with(ticket, release.component(), environment, List.of("core-1"), release.settings());
  }

  private ManifestRequest withSettings(ManifestRequest.AppSettings settings) {
    return with(
        release.ticket(), release.component(), release.environment(), release.clusters(), settings);
  }

  /** The committed release with these fields replaced. */
  private ManifestRequest with(
      String ticket,
      String component,
      String environment,
      List<String> clusters,
      ManifestRequest.AppSettings settings) {
    return new ManifestRequest(
        release.app(),
        release.gitRepo(),
        release.gitBranch(),
        release.buildNum(),
        release.commit(),
        ticket,
        component,
        release.images(),
        environment,
        clusters,
        release.executionArn(),
        null,
        settings,
        null);
  }

  private void replaceInTemplate(String file, String from, String to) {
    String key = "templates/shop/" + file;
    String text = store.get(key).text();
    assertThat(text).contains(from);
    Fixtures.put(store, key, text.replace(from, to));
  }

  private static void assertError(ThrowingCallable call, String name, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOf(SlipwayException.class)
        .satisfies(e -> assertThat(((SlipwayException) e).errorName()).isEqualTo(name))
        .hasMessageContaining(messagePart);
  }
}
