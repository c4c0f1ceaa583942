#include "jsonfields.h"

#include <QJsonArray>

#include <map>

namespace fd::argocdsim {

namespace {

struct FieldTree final {
    bool whole = false;
    std::map<QString, FieldTree> children;
};

QJsonValue project(const QJsonValue& value, const FieldTree& tree);

QJsonObject projectObject(const QJsonObject& object, const FieldTree& tree) {
    QJsonObject out;
    for (const auto& [key, child] : tree.children) {
        const auto it = object.constFind(key);
        if (it == object.constEnd())
            continue;
        const QJsonValue kept = child.whole ? *it : project(*it, child);
        if (!kept.isUndefined())
            out.insert(key, kept);
    }
    return out;
}

QJsonValue project(const QJsonValue& value, const FieldTree& tree) {
    if (value.isObject())
        return projectObject(value.toObject(), tree);
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue& item : value.toArray())
            out.append(item.isObject() ? QJsonValue(projectObject(item.toObject(), tree)) : item);
        return out;
    }
    return QJsonValue(QJsonValue::Undefined); // a scalar has no sub-fields
}

} // namespace

QJsonObject projectFields(const QJsonObject& object, const QStringList& paths) {
    FieldTree root;
    for (const QString& path : paths) {
        FieldTree* node = &root;
        for (const QString& part : path.trimmed().split(u'.', Qt::SkipEmptyParts))
            node = &node->children[part];
        if (node != &root)
            node->whole = true;
    }
    return projectObject(object, root);
}

} // namespace fd::argocdsim
