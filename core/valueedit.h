#pragma once

#include "yamldocument.h"

#include <QString>

namespace fd::core {

/**
 * One intended change to a file in a GitOps repository, kept as an *edit* (file, key, new value)
 * rather than as bytes, so it can be applied again on a newer commit after a rejected push.
 */
struct ValueEdit final {
    enum class Kind { YamlKey, KustomizeImage };

    Kind kind = Kind::YamlKey;
    QString path;  // repository-relative, '/' separated
    QString key;   // YamlKey: a key path; KustomizeImage: the image name of the `images:` entry
    KustomizeField field = KustomizeField::NewTag; // KustomizeImage only
    QString value;

    /** "env/prod/values.yaml: image.tag" or "env/dev/kustomization.yaml: images[nginx].newTag". */
    QString describe() const;
};

} // namespace fd::core
