#pragma once

#include "yamldocument.h"

#include "result.h"

#include <QList>
#include <QString>

#include <optional>

namespace fd::core {

/**
 * One intended change to a file in a GitOps repository, kept as an *edit* (file, key, new value)
 * rather than as bytes, so it can be applied again on a newer commit after a rejected push.
 */
struct ValueEdit final {
    enum class Kind { YamlKey, KustomizeImage };

    Kind kind = Kind::YamlKey;
    QString path; // repository-relative, '/' separated
    QString key;  // YamlKey: a key path; KustomizeImage: the image name of the `images:` entry
    KustomizeField field = KustomizeField::NewTag; // KustomizeImage only
    QString value;

    /** "env/prod/values.yaml: image.tag" or "env/dev/kustomization.yaml: images[nginx].newTag". */
    QString describe() const;

    /** The value this edit targets in @p document now; nullopt for an absent Kustomize field. */
    Result<std::optional<QString>> currentIn(const YamlDocument& document) const;
    Result<void> applyTo(YamlDocument& document) const;

    /** Parses the command line's "PATH:KEY=VALUE" (a literal '=' in KEY is written `\=`). */
    static Result<ValueEdit> fromSpec(const QString& spec);
    /**
     * Parses "PATH:IMAGE" where IMAGE is what `kustomize edit set image` takes:
     * `NAME:TAG`, `NAME@DIGEST`, `NAME=NEWNAME:TAG@DIGEST`. PATH may name the kustomization's
     * folder. Gives one edit per field set.
     */
    static Result<QList<ValueEdit>> fromImageSpec(const QString& spec);
    /** The edits of one `kustomize edit set image` argument for the kustomization at @p path. */
    static Result<QList<ValueEdit>> fromImage(const QString& path, const QString& image);
};

} // namespace fd::core
