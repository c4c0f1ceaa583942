#include "valueedit.h"

namespace fd::core {

namespace {
QString fieldName(KustomizeField field)
{
    switch (field) {
    case KustomizeField::NewName:
        return QStringLiteral("newName");
    case KustomizeField::NewTag:
        return QStringLiteral("newTag");
    case KustomizeField::Digest:
        return QStringLiteral("digest");
    }
    return {};
}
} // namespace

QString ValueEdit::describe() const
{
    if (kind == Kind::YamlKey)
        return path + QStringLiteral(": ") + key;
    return path + QStringLiteral(": images[") + key + QStringLiteral("].") + fieldName(field);
}

} // namespace fd::core
