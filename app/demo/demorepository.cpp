#include "demorepository.h"

#include "freightalias.h"
#include "freightartifact.h"
#include "freightid.h"
#include "promotionevent.h"
#include "promotionlog.h"

#include <QJsonDocument>
#include <QMap>

#include <algorithm>

namespace fd::demo {

namespace {

/** One service's tags (with how many days ago each was built) and how far each stage got. */
struct ServicePlan final {
    QString name;
    QString description;
    QStringList tags;
    QList<double> daysAgo;
    int reached[3]; // the newest tag index each of dev, staging, prod runs
};

const QStringList Environments{QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("prod")};
const QStringList Colors{QStringLiteral("green"), QStringLiteral("blue"), QStringLiteral("orange")};
const int Replicas[3] = {1, 2, 3};
// A stage takes a tag this long after it was built: dev at once, staging the next day, prod
// (by a person, after an approval) the day after.
const double HoursAfter[3] = {0.25, 22, 46};

// Prod lags frontend by two tags and recommendation by one; frontend and voting have a tag no
// stage runs yet; catalogue's newest is Degraded in dev.
const QList<ServicePlan> Plans{
    {QStringLiteral("frontend"),
     QStringLiteral("The shop's web front end"),
     {QStringLiteral("1.0.0"), QStringLiteral("1.0.1"), QStringLiteral("1.0.2"),
      QStringLiteral("1.0.3"), QStringLiteral("1.0.4"), QStringLiteral("1.0.5"),
      QStringLiteral("1.0.6")},
     {18, 15, 12, 9, 6, 3.5, 0.08},
     {5, 4, 3}},
    {QStringLiteral("catalogue"),
     QStringLiteral("Products and their prices"),
     {QStringLiteral("1.2.0"), QStringLiteral("1.2.1"), QStringLiteral("1.2.2"),
      QStringLiteral("1.3.0")},
     {16, 11, 7, 1.2},
     {3, 2, 2}},
    {QStringLiteral("recommendation"),
     QStringLiteral("What customers might like next"),
     {QStringLiteral("2.0.0"), QStringLiteral("2.0.1"), QStringLiteral("2.1.0"),
      QStringLiteral("2.1.1"), QStringLiteral("2.2.0")},
     {20, 14, 10, 5, 2.5},
     {4, 4, 3}},
    {QStringLiteral("voting"),
     QStringLiteral("Customers' votes on products"),
     {QStringLiteral("0.9.0"), QStringLiteral("0.9.1"), QStringLiteral("0.9.2"),
      QStringLiteral("0.10.0")},
     {17, 13, 8, 0.1},
     {2, 2, 2}},
};

struct Person final {
    QString name;
    QString email;
};
const Person Kargo{QStringLiteral("Kargo"), QStringLiteral("no-reply@kargo.io")};
const Person Automation{QStringLiteral("Freightdesk"), QStringLiteral("freightdesk@demo.invalid")};
const QList<Person> ReleaseManagers{
    {QStringLiteral("Priya Raman"), QStringLiteral("priya@craftista.example")},
    {QStringLiteral("Jonas Berg"), QStringLiteral("jonas@craftista.example")}};

/** One commit of the demo's history: a stage of a service set to a tag. */
struct Step final {
    QDateTime at;
    int service = 0;
    int environment = 0;
    int tag = 0;
};

QByteArray data(const QByteArray& bytes) {
    return "data " + QByteArray::number(bytes.size()) + '\n' + bytes + '\n';
}

QByteArray signature(const char* role, const Person& person, const QDateTime& at) {
    return QByteArray(role) + ' ' + person.name.toUtf8() + " <" + person.email.toUtf8() + "> " +
           QByteArray::number(at.toSecsSinceEpoch()) + " +0000\n";
}

QByteArray commit(const QByteArray& branch, const Person& author, const QDateTime& at,
                  const QString& message, const QMap<QString, QByteArray>& files) {
    QByteArray out = "commit refs/heads/" + branch + '\n' + signature("author", author, at) +
                     signature("committer", author, at) + data(message.toUtf8());
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        out += "M 100644 inline " + it.key().toUtf8() + '\n' + data(it.value());
    return out;
}

QString valuesPath(const QString& service, const QString& environment) {
    return QStringLiteral("env/%1/%2/%2-values.yaml").arg(environment, service);
}

} // namespace

DemoRepository::DemoRepository(DemoSetting setting)
    : m_setting(std::move(setting)) {}

QString DemoRepository::imageOf(const QString& service) const {
    return QStringLiteral("%1/demo/%2").arg(m_setting.registryHost, service);
}

QList<DemoImage> DemoRepository::images() const {
    QList<DemoImage> images;
    for (const ServicePlan& plan : Plans) {
        for (qsizetype i = 0; i < plan.tags.size(); ++i)
            images.append(
                {plan.name, plan.tags[i], m_setting.now.addSecs(qint64(-plan.daysAgo[i] * 86400))});
    }
    return images;
}

namespace {

QByteArray valuesFile(const QString& image, const QString& service, int environment,
                      const QString& tag) {
    return QStringLiteral("# %1 in %2. Kargo's promotions set image.tag; people review the rest.\n"
                          "image:\n"
                          "  repository: %3\n"
                          "  tag: %4\n"
                          "\n"
                          "replicaCount: %5\n"
                          "\n"
                          "resources:\n"
                          "  limits:\n"
                          "    memory: \"256Mi\"\n"
                          "  requests:\n"
                          "    cpu: \"100m\"\n"
                          "    memory: \"128Mi\"\n")
        .arg(service, Environments[environment], image, tag)
        .arg(Replicas[environment])
        .toUtf8();
}

QByteArray application(const QUrl& repository, const QString& service, const QString& env) {
    return QStringLiteral("apiVersion: argoproj.io/v1alpha1\n"
                          "kind: Application\n"
                          "metadata:\n"
                          "  name: %2-%3\n"
                          "  namespace: argocd\n"
                          "  annotations:\n"
                          "    kargo.akuity.io/authorized-stage: demo:%2-%3\n"
                          "spec:\n"
                          "  project: demo\n"
                          "  source:\n"
                          "    repoURL: %1\n"
                          "    targetRevision: main\n"
                          "    path: service-charts/%2\n"
                          "    helm:\n"
                          "      valueFiles:\n"
                          "        - /env/%3/%2/%2-values.yaml\n"
                          "  destination:\n"
                          "    server: https://kubernetes.default.svc\n"
                          "    namespace: %3\n"
                          "  syncPolicy:\n"
                          "    automated:\n"
                          "      prune: true\n"
                          "      selfHeal: true\n")
        .arg(repository.toString(), service, env)
        .toUtf8();
}

QByteArray warehouse(const QString& service, const QString& image) {
    return QStringLiteral("apiVersion: kargo.akuity.io/v1alpha1\n"
                          "kind: Warehouse\n"
                          "metadata:\n"
                          "  name: %1\n"
                          "  namespace: demo\n"
                          "spec:\n"
                          "  freightCreationPolicy: Automatic\n"
                          "  interval: 5m\n"
                          "  subscriptions:\n"
                          "    - image:\n"
                          "        repoURL: %2\n"
                          "        imageSelectionStrategy: SemVer\n"
                          "        discoveryLimit: 20\n")
        .arg(service, image)
        .toUtf8();
}

QByteArray promotionTask(const QString& service, const QString& image, const QUrl& repository) {
    return QStringLiteral("apiVersion: kargo.akuity.io/v1alpha1\n"
                          "kind: PromotionTask\n"
                          "metadata:\n"
                          "  name: promote-%1\n"
                          "  namespace: demo\n"
                          "spec:\n"
                          "  vars:\n"
                          "    - name: image\n"
                          "      value: %2\n"
                          "    - name: repoURL\n"
                          "      value: %3\n"
                          "    - name: envPath\n"
                          "    - name: argocdApp\n"
                          "  steps:\n"
                          "    - uses: git-clone\n"
                          "      config:\n"
                          "        repoURL: ${{ vars.repoURL }}\n"
                          "        checkout:\n"
                          "          - branch: main\n"
                          "            path: ./out\n"
                          "    - uses: yaml-update\n"
                          "      as: update-image\n"
                          "      config:\n"
                          "        path: ./out/${{ vars.envPath }}/%1-values.yaml\n"
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
                          "          - name: ${{ vars.argocdApp }}\n")
        .arg(service, image, repository.toString())
        .toUtf8();
}

QByteArray stages(const QString& service) {
    QString text;
    for (int e = 0; e < Environments.size(); ++e) {
        const QString& env = Environments[e];
        const QString source = e == 0 ? QStringLiteral("        direct: true\n")
                                      : QStringLiteral("        stages:\n          - %1-%2\n")
                                            .arg(service, Environments[e - 1]);
        // dev and staging promote themselves; prod waits for a person.
        const QString labels =
            e < 2 ? QStringLiteral("  labels:\n    autopromote: \"true\"\n") : QString();
        text += QStringLiteral("%1apiVersion: kargo.akuity.io/v1alpha1\n"
                               "kind: Stage\n"
                               "metadata:\n"
                               "  name: %2-%3\n"
                               "  namespace: demo\n"
                               "%4"
                               "  annotations:\n"
                               "    kargo.akuity.io/color: %5\n"
                               "spec:\n"
                               "  requestedFreight:\n"
                               "    - origin:\n"
                               "        kind: Warehouse\n"
                               "        name: %2\n"
                               "      sources:\n"
                               "%6"
                               "  promotionTemplate:\n"
                               "    spec:\n"
                               "      steps:\n"
                               "        - task:\n"
                               "            name: promote-%2\n"
                               "          vars:\n"
                               "            - name: envPath\n"
                               "              value: env/%3/%2\n"
                               "            - name: argocdApp\n"
                               "              value: %2-%3\n")
                    .arg(e == 0 ? QString() : QStringLiteral("---\n"), service, env, labels,
                         Colors[e], source);
    }
    return text.toUtf8();
}

QByteArray chart(const QString& service, const QString& description) {
    return QStringLiteral("apiVersion: v2\n"
                          "name: %1\n"
                          "description: %2\n"
                          "type: application\n"
                          "version: 0.1.0\n")
        .arg(service, description)
        .toUtf8();
}

const QByteArray Project = "apiVersion: kargo.akuity.io/v1alpha1\n"
                           "kind: Project\n"
                           "metadata:\n"
                           "  name: demo\n"
                           "---\n"
                           "apiVersion: kargo.akuity.io/v1alpha1\n"
                           "kind: ProjectConfig\n"
                           "metadata:\n"
                           "  name: demo\n"
                           "  namespace: demo\n"
                           "spec:\n"
                           "  promotionPolicies:\n"
                           "    - stageSelector:\n"
                           "        matchLabels:\n"
                           "          autopromote: \"true\"\n"
                           "      autoPromotionEnabled: true\n";

const QByteArray Approvals =
    "# Freightdesk reads the pipeline from the Kargo manifests; this adds what Kargo has no\n"
    "# field for.\n"
    "version: 1\n"
    "environments:\n"
    "  - name: prod\n"
    "    requiredApprovals: 1\n";

const QByteArray Readme =
    "# Freightdesk demo\n\n"
    "Four services (frontend, catalogue, recommendation, voting) promoted through dev, staging\n"
    "and prod. `env/<environment>/<service>/` holds the Helm values Argo CD deploys\n"
    "(`argocd/`); Kargo's manifests (`kargo/`) say how a new image tag moves from stage to\n"
    "stage. Written by `freightdesk --demo`, thrown away when it quits.\n";

} // namespace

QByteArray DemoRepository::fastImport(
    const std::function<QString(const QString& service, const QString& tag)>& digestOf) const {
    const QDateTime start = m_setting.now.addDays(-21);
    QMap<QString, QByteArray> files{{QStringLiteral("README.md"), Readme},
                                    {QStringLiteral("freightdesk.yaml"), Approvals},
                                    {QStringLiteral("kargo/project.yaml"), Project}};
    QList<Step> steps;
    for (int s = 0; s < Plans.size(); ++s) {
        const ServicePlan& plan = Plans[s];
        const QString image = imageOf(plan.name);
        files.insert(QStringLiteral("service-charts/%1/Chart.yaml").arg(plan.name),
                     chart(plan.name, plan.description));
        files.insert(QStringLiteral("kargo/%1/warehouse.yaml").arg(plan.name),
                     warehouse(plan.name, image));
        files.insert(QStringLiteral("kargo/%1/stages.yaml").arg(plan.name), stages(plan.name));
        files.insert(QStringLiteral("kargo/%1/promotion-task.yaml").arg(plan.name),
                     promotionTask(plan.name, image, m_setting.repositoryUrl));
        for (int e = 0; e < Environments.size(); ++e) {
            files.insert(valuesPath(plan.name, Environments[e]),
                         valuesFile(image, plan.name, e, plan.tags[0]));
            files.insert(QStringLiteral("argocd/%1/%2.yaml").arg(Environments[e], plan.name),
                         application(m_setting.repositoryUrl, plan.name, Environments[e]));
            steps.append({start, s, e, 0});
            for (int t = 1; t <= plan.reached[e]; ++t) {
                const qint64 seconds = qint64((-plan.daysAgo[t] * 24 + HoursAfter[e]) * 3600);
                steps.append({m_setting.now.addSecs(seconds), s, e, t});
            }
        }
    }
    std::stable_sort(steps.begin(), steps.end(),
                     [](const Step& a, const Step& b) { return a.at < b.at; });

    const Person founder{QStringLiteral("Priya Raman"), QStringLiteral("priya@craftista.example")};
    QByteArray stream =
        commit("main", founder, start,
               QStringLiteral("Craftista's services in dev, staging and prod\n"), files);
    QList<core::PromotionEvent> events;
    int prodCount = 0;
    for (const Step& step : steps) {
        const ServicePlan& plan = Plans[step.service];
        const QString& env = Environments[step.environment];
        const QString tag = plan.tags[step.tag];
        const bool byPerson = step.environment == 2 && step.tag > 0;
        const Person& who = byPerson ? ReleaseManagers[prodCount++ % ReleaseManagers.size()]
                                     : (step.tag == 0 ? founder : Kargo);
        if (step.tag > 0) {
            stream += commit("main", who, step.at,
                             QStringLiteral("Promote %1 %2 to %3\n").arg(plan.name, tag, env),
                             {{valuesPath(plan.name, env),
                               valuesFile(imageOf(plan.name), plan.name, step.environment, tag)}});
        }
        core::PromotionEvent event;
        event.service = plan.name;
        event.stage = plan.name + u'-' + env;
        event.freightId = core::freightId(
            plan.name,
            {core::FreightArtifact::image(imageOf(plan.name), tag, digestOf(plan.name, tag))});
        event.freightAlias = core::freightAlias(event.freightId);
        if (byPerson) {
            event.kind = core::PromotionEvent::Kind::Approved;
            event.at = step.at.addSecs(-3600);
            event.byName = who.name;
            event.byEmail = who.email;
            event.reason = QStringLiteral("Soaked a day in staging; dashboards are calm");
            events.append(event);
        }
        event.byName = Automation.name;
        event.byEmail = Automation.email;
        event.reason.clear();
        if (tag == brokenTag()) {
            event.kind = core::PromotionEvent::Kind::PromotionFailed;
            event.at = step.at.addSecs(300);
            event.reason = QStringLiteral("Argo CD reports %1 Degraded").arg(event.stage);
            events.append(event);
            continue;
        }
        event.kind = core::PromotionEvent::Kind::Verified;
        event.at = step.at.addSecs(600);
        events.append(event);
    }

    QMap<QString, QByteArray> log;
    for (const core::PromotionEvent& event : std::as_const(events))
        log[core::PromotionLog::fileFor(event.at)] +=
            QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n';
    stream += commit(core::PromotionLog::defaultBranch().toUtf8(), Automation,
                     m_setting.now.addSecs(-300),
                     QStringLiteral("Promotion log of the demo's three weeks\n"), log);
    return stream;
}

} // namespace fd::demo
