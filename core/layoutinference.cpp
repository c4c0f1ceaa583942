#include "layoutinference.h"

#include "imagereference.h"
#include "manifestscan.h"
#include "repositoryfiles.h"
#include "repositorypath.h"
#include "yamlvalue.h"

#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace fd::core {

namespace {

const QStringList EnvironmentRoots{QStringLiteral("env"), QStringLiteral("envs"),
                                   QStringLiteral("environments"), QStringLiteral("stages"),
                                   QStringLiteral("clusters")};

struct Guess final {
    QString service;
    QString environment;
    PipelineTarget target;
};

Finding note(const QString& code, const QString& message, const QString& location = {}) {
    return {Finding::Severity::Note, code, message, location};
}

/** The last path component of an image reference without tag or digest: the service name. */
QString serviceOfImage(const QString& image) {
    const QString name = imageWithoutTag(image);
    return name.mid(name.lastIndexOf(QLatin1Char('/')) + 1);
}

Result<QList<YamlValue>> readDocuments(const RepositoryFiles& files, const QString& path) {
    auto bytes = files.read(path);
    if (!bytes)
        return std::move(bytes).error();
    return YamlValue::parseAll(*bytes, path);
}

/** A target that sets the tag of @p image in the kustomization @p path. */
PipelineTarget kustomizeTarget(const QString& path, const QString& image,
                               const QString& promotedImage, const QString& location) {
    PipelineTarget target;
    target.kind = PipelineTarget::Kind::KustomizeImage;
    target.file = path;
    target.image = image;
    target.value = QStringLiteral("imageFrom(%1).Tag").arg(promotedImage);
    target.location = location;
    return target;
}

/** The container images (without tag or digest) of the manifests a kustomization folder builds. */
QStringList imagesRunBy(const RepositoryFiles& files, const QString& folder, int depth) {
    QStringList images;
    auto documents = readDocuments(files, folder + QStringLiteral("/kustomization.yaml"));
    if (!documents || documents->isEmpty() || depth > 4)
        return images;
    for (const YamlValue& resource : documents->first()["resources"].items()) {
        const auto resolved = RepositoryPath::resolve(folder, resource.scalar());
        if (!resolved || resolved->isEmpty())
            continue;
        const QString& path = *resolved;
        if (!isYamlPath(path)) {
            for (const QString& image : imagesRunBy(files, path, depth + 1)) {
                if (!images.contains(image))
                    images.append(image);
            }
            continue;
        }
        auto objects = readDocuments(files, path);
        if (!objects)
            continue;
        for (const YamlValue& object : *objects) {
            const YamlValue pod = object["spec"]["template"]["spec"];
            for (const char* list : {"initContainers", "containers"}) {
                for (const YamlValue& container : pod[list].items()) {
                    const QString image = imageWithoutTag(container["image"].scalar());
                    if (!image.isEmpty() && !images.contains(image))
                        images.append(image);
                }
            }
        }
    }
    return images;
}

QList<Guess> guessTargets(const RepositoryFiles& files, Findings& findings) {
    QList<Guess> guesses;
    for (const QString& path : files.paths()) {
        const QStringList parts = path.split(QLatin1Char('/'));
        const qsizetype root = std::find_if(parts.begin(), parts.end(),
                                            [](const QString& part) {
                                                return EnvironmentRoots.contains(part.toLower());
                                            }) -
                               parts.begin();
        if (root + 2 >= parts.size() || !path.endsWith(QLatin1String(".yaml")))
            continue;
        const QString environment = parts.at(root + 1);
        const QString fileName = parts.last();
        auto bytes = files.read(path);
        if (!bytes)
            continue;
        auto documents = YamlValue::parseAll(*bytes, path);
        if (!documents) {
            findings.append({Finding::Severity::Error, QStringLiteral("invalid-yaml"),
                             documents.error().message, documents.error().location});
            continue;
        }
        const YamlValue document = documents->value(0);
        if (fileName == u"kustomization.yaml" && root + 3 == parts.size()) {
            // Each image of an overlay is a service; its name comes from the image. An overlay
            // without `images:` gets its entries from the first promotion (kustomize edit set
            // image adds them): its services are the images its resources run.
            if (!document["images"].isSequence()) {
                for (const QString& image : imagesRunBy(files, RepositoryPath::parentOf(path), 0))
                    guesses.append({serviceOfImage(image), environment,
                                    kustomizeTarget(path, image, image, path)});
                continue;
            }
            for (const YamlValue& entry : document["images"].items()) {
                const QString image = entry["name"].scalar();
                if (image.isEmpty())
                    continue;
                guesses.append({serviceOfImage(image), environment,
                                kustomizeTarget(path, image, entry["newName"].scalar(image),
                                                entry.location())});
            }
            continue;
        }
        if (root + 4 != parts.size() || fileName == u"kustomization.yaml")
            continue;
        const YamlValue tag = document["image"]["tag"];
        if (!tag.isScalar() && !tag.isNull())
            continue;
        PipelineTarget target;
        target.file = path;
        target.key = QStringLiteral("image.tag");
        const QString repository = document["image"]["repository"].scalar();
        target.value =
            repository.isEmpty() ? QString() : QStringLiteral("imageFrom(%1).Tag").arg(repository);
        target.location = tag.location();
        guesses.append({parts.at(root + 2), environment, target});
    }
    return guesses;
}

/** Environments in their guessed order, each with the environments it follows. */
QList<std::pair<QString, QStringList>> orderEnvironments(const QStringList& environments) {
    // Names that say nothing (ab-test, perf, demo) are mostly trials before production: they
    // get a group of their own between staging and production.
    QMap<int, QStringList> groups;
    for (const QString& environment : environments) {
        const int rank = LayoutInference::environmentRank(environment);
        groups[rank < 0 ? 5 : rank * 2].append(environment);
    }
    QList<std::pair<QString, QStringList>> ordered;
    QStringList previous;
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        QStringList group = it.value();
        std::sort(group.begin(), group.end());
        // prod then prod-west / prod-east: the plain name feeds the regional ones.
        QStringList plain, regional;
        for (const QString& name : group) {
            const bool isRegional =
                std::any_of(group.begin(), group.end(), [&](const QString& other) {
                    return other != name && name.startsWith(other + QLatin1Char('-'));
                });
            (isRegional ? regional : plain).append(name);
        }
        for (const QString& name : plain)
            ordered.append({name, previous});
        for (const QString& name : regional)
            ordered.append({name, plain});
        previous = regional.isEmpty() ? plain : regional;
    }
    return ordered;
}

} // namespace

int LayoutInference::environmentRank(const QString& environment) {
    static const QList<std::pair<int, QRegularExpression>> ranks{
        {0, QRegularExpression(QStringLiteral("^(dev|devel|develop|development|sandbox|local)"))},
        {1, QRegularExpression(QStringLiteral("^(test|testing|qa|int|integration|ci|sit)"))},
        {2, QRegularExpression(QStringLiteral(
                "^(staging|stage|stg|uat|preprod|pre-prod|preproduction|acceptance|canary)"))},
        {3, QRegularExpression(QStringLiteral("^(prod|production|prd|live)"))},
    };
    const QString name = environment.toLower();
    for (const auto& [rank, pattern] : ranks) {
        if (pattern.match(name).hasMatch())
            return rank;
    }
    return -1;
}

Pipeline LayoutInference::infer(const RepositoryFiles& files, const QString& project) {
    Pipeline pipeline;
    pipeline.source = Pipeline::Source::Inferred;
    pipeline.project = project;
    const QList<Guess> guesses = guessTargets(files, pipeline.findings);
    if (guesses.isEmpty()) {
        pipeline.findings.append(note(
            QStringLiteral("nothing-inferred"),
            QStringLiteral("no Kargo manifests, no freightdesk.yaml, and no env/<environment>/ "
                           "folders with values files or kustomization images: describe the "
                           "pipeline in freightdesk.yaml (docs/freightdesk-yaml.md)")));
        return pipeline;
    }
    QStringList environments;
    QMap<QString, QList<Guess>> byService;
    for (const Guess& guess : guesses) {
        if (!environments.contains(guess.environment))
            environments.append(guess.environment);
        byService[guess.service].append(guess);
    }
    const auto ordered = orderEnvironments(environments);
    QStringList order;
    for (const auto& [environment, upstream] : ordered) {
        order.append(
            environment +
            (upstream.isEmpty()
                 ? QString()
                 : QStringLiteral(" (after %1)").arg(upstream.join(QStringLiteral(", ")))));
    }
    pipeline.findings.append(
        note(QStringLiteral("inferred-order"),
             QStringLiteral("environments inferred from the layout, ordered by their names: %1; "
                            "write freightdesk.yaml if this is not your promotion order")
                 .arg(order.join(QStringLiteral(", ")))));

    for (auto it = byService.begin(); it != byService.end(); ++it) {
        const QString& service = it.key();
        PipelineService entry{service, {}, {}, it.value().first().target.file, {}};
        QSet<QString> present;
        for (const Guess& guess : it.value())
            present.insert(guess.environment);
        for (const auto& [environment, upstream] : ordered) {
            if (!present.contains(environment))
                continue;
            PipelineStage stage;
            stage.name = service + QLatin1Char('-') + environment;
            stage.service = service;
            stage.environment = environment;
            const auto upstreamOf = [&](const QString& name) {
                for (const auto& [environment, previous] : ordered) {
                    if (environment == name)
                        return previous;
                }
                return QStringList();
            };
            const auto isPresent = [&](const QString& name) { return present.contains(name); };
            for (const QString& previous : nearestIncludedUpstream(upstream, upstreamOf, isPresent))
                stage.upstream.append(service + QLatin1Char('-') + previous);
            stage.direct = stage.upstream.isEmpty();
            for (const Guess& guess : it.value()) {
                if (guess.environment != environment)
                    continue;
                stage.targets.append(guess.target);
                stage.location = guess.target.file;
                const QString value = guess.target.value;
                if (entry.imageRepository.isEmpty() &&
                    value.startsWith(QLatin1String("imageFrom(")))
                    entry.imageRepository = value.mid(10, value.size() - 15);
            }
            pipeline.stages.append(stage);
        }
        if (!entry.imageRepository.isEmpty()) {
            entry.subscriptions.append(QStringLiteral("image ") + entry.imageRepository);
            WarehouseSubscription image; // SemVer, as Kargo's default
            image.repoURL = entry.imageRepository;
            entry.warehouseSubscriptions.append(image);
        }
        pipeline.services.append(entry);
    }
    return pipeline;
}

} // namespace fd::core
