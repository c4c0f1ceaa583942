#include "discoveryfixture.h"

namespace fd::bench {

namespace {

constexpr char kProject[] = "platform";

QByteArray upstreamOf(const QStringList& stages, qsizetype index) {
    if (index == 0)
        return {};
    const bool fansOut = stages.size() >= 3 && index == stages.size() - 1;
    return stages.at(fansOut ? index - 2 : index - 1).toUtf8();
}

QByteArray application(const QByteArray& service, const QByteArray& stage,
                       const QByteArray& repositoryUrl) {
    return "apiVersion: argoproj.io/v1alpha1\n"
           "kind: Application\n"
           "metadata:\n"
           "  name: " +
           service + "-" + stage +
           "\n"
           "  namespace: argocd\n"
           "  annotations:\n"
           "    kargo.akuity.io/authorized-stage: " +
           kProject + ":" + service + "-" + stage +
           "\n"
           "spec:\n"
           "  project: default\n"
           "  source:\n"
           "    repoURL: " +
           repositoryUrl +
           "\n"
           "    targetRevision: main\n"
           "    path: charts/" +
           service +
           "\n"
           "    helm:\n"
           "      valueFiles:\n"
           "        - /env/" +
           stage + "/" + service + "/" + service +
           "-values.yaml\n"
           "  destination:\n"
           "    server: https://kubernetes.default.svc\n"
           "    namespace: " +
           stage +
           "\n"
           "  syncPolicy:\n"
           "    automated:\n"
           "      prune: true\n"
           "      selfHeal: true\n";
}

QByteArray kargoStage(const QByteArray& service, const QByteArray& stage,
                      const QByteArray& upstream) {
    const QByteArray sources =
        upstream.isEmpty() ? QByteArray("        direct: true\n")
                           : "        stages:\n          - " + service + "-" + upstream + "\n";
    return "apiVersion: kargo.akuity.io/v1alpha1\n"
           "kind: Stage\n"
           "metadata:\n"
           "  name: " +
           service + "-" + stage +
           "\n"
           "  namespace: " +
           kProject +
           "\n"
           "spec:\n"
           "  requestedFreight:\n"
           "    - origin:\n"
           "        kind: Warehouse\n"
           "        name: " +
           service +
           "\n"
           "      sources:\n" +
           sources +
           "  promotionTemplate:\n"
           "    spec:\n"
           "      steps:\n"
           "        - task:\n"
           "            name: promote-" +
           service +
           "\n"
           "          vars:\n"
           "            - name: envPath\n"
           "              value: env/" +
           stage + "/" + service +
           "\n"
           "            - name: argocdApp\n"
           "              value: " +
           service + "-" + stage + "\n";
}

/** A Warehouse, the PromotionTask of Kargo's own examples, and the service's stages. */
QByteArray kargoService(const QByteArray& service, const QStringList& stages,
                        const QByteArray& repositoryUrl) {
    const QByteArray image = "registry.example.com/platform/" + service;
    QByteArray text = "apiVersion: kargo.akuity.io/v1alpha1\n"
                      "kind: Warehouse\n"
                      "metadata:\n"
                      "  name: " +
                      service +
                      "\n"
                      "  namespace: " +
                      kProject +
                      "\n"
                      "spec:\n"
                      "  subscriptions:\n"
                      "    - image:\n"
                      "        repoURL: " +
                      image +
                      "\n"
                      "        imageSelectionStrategy: SemVer\n"
                      "---\n"
                      "apiVersion: kargo.akuity.io/v1alpha1\n"
                      "kind: PromotionTask\n"
                      "metadata:\n"
                      "  name: promote-" +
                      service +
                      "\n"
                      "  namespace: " +
                      kProject +
                      "\n"
                      "spec:\n"
                      "  vars:\n"
                      "    - name: image\n"
                      "      value: " +
                      image +
                      "\n"
                      "    - name: repoURL\n"
                      "      value: " +
                      repositoryUrl +
                      "\n"
                      "    - name: branch\n"
                      "      value: main\n"
                      "    - name: envPath\n"
                      "    - name: argocdApp\n"
                      "  steps:\n"
                      "    - uses: git-clone\n"
                      "      config:\n"
                      "        repoURL: ${{ vars.repoURL }}\n"
                      "        checkout:\n"
                      "          - branch: ${{ vars.branch }}\n"
                      "            path: ./out\n"
                      "    - uses: yaml-update\n"
                      "      as: update-image\n"
                      "      config:\n"
                      "        path: ./out/${{ vars.envPath }}/" +
                      service +
                      "-values.yaml\n"
                      "        updates:\n"
                      "          - key: image.tag\n"
                      "            value: ${{ imageFrom( vars.image ).Tag }}\n"
                      "    - uses: git-commit\n"
                      "      as: commit\n"
                      "      config:\n"
                      "        path: ./out\n"
                      "        message: ${{ task.outputs['update-image'].commitMessage }}\n"
                      "    - uses: git-push\n"
                      "      config:\n"
                      "        path: ./out\n"
                      "    - uses: argocd-update\n"
                      "      config:\n"
                      "        apps:\n"
                      "          - name: ${{ vars.argocdApp }}\n";
    for (qsizetype i = 0; i < stages.size(); ++i)
        text += "---\n" + kargoStage(service, stages.at(i).toUtf8(), upstreamOf(stages, i));
    return text;
}

QByteArray freightdeskYaml(const QStringList& services, const QStringList& stages) {
    QByteArray text = "version: 1\nproject: " + QByteArray(kProject) + "\nenvironments:\n";
    for (qsizetype i = 0; i < stages.size(); ++i) {
        text += "  - name: " + stages.at(i).toUtf8() + "\n";
        if (const QByteArray upstream = upstreamOf(stages, i); !upstream.isEmpty())
            text += "    upstream: [" + upstream + "]\n";
    }
    text += "services:\n";
    for (const QString& service : services) {
        text += "  - name: " + service.toUtf8() +
                "\n"
                "    image: registry.example.com/platform/" +
                service.toUtf8() +
                "\n"
                "    file: env/{environment}/{service}/{service}-values.yaml\n"
                "    key: image.tag\n"
                "    argocdApp: \"{service}-{environment}\"\n";
    }
    return text;
}

} // namespace

QString sourceName(PipelineSource source) {
    return source == PipelineSource::Kargo ? QStringLiteral("Kargo manifests")
                                           : QStringLiteral("freightdesk.yaml");
}

QStringList serviceNames(int count) {
    QStringList names;
    for (int i = 0; i < count; ++i)
        names.append(QStringLiteral("service-%1").arg(i, 4, 10, QLatin1Char('0')));
    return names;
}

QList<std::pair<QByteArray, QByteArray>> pipelineFiles(PipelineSource source,
                                                       const QStringList& services,
                                                       const QStringList& stages,
                                                       const QByteArray& repositoryUrl) {
    QList<std::pair<QByteArray, QByteArray>> files;
    for (const QString& name : services) {
        const QByteArray service = name.toUtf8();
        files.append({"charts/" + service + "/Chart.yaml",
                      "apiVersion: v2\nname: " + service + "\nversion: 0.1.0\n"});
        for (const QString& stage : stages)
            files.append({"argocd/" + stage.toUtf8() + "/" + service + ".yaml",
                          application(service, stage.toUtf8(), repositoryUrl)});
    }
    if (source == PipelineSource::FreightdeskYaml) {
        files.append({"freightdesk.yaml", freightdeskYaml(services, stages)});
        return files;
    }
    files.append({"kargo/project.yaml", "apiVersion: kargo.akuity.io/v1alpha1\nkind: Project\n"
                                        "metadata:\n  name: " +
                                            QByteArray(kProject) + "\n"});
    for (const QString& name : services)
        files.append({"kargo/" + name.toUtf8() + ".yaml",
                      kargoService(name.toUtf8(), stages, repositoryUrl)});
    return files;
}

} // namespace fd::bench
