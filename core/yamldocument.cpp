#include "yamldocument.h"

#include "yamledit.h"
#include "yamlkeypath.h"
#include "yamlkustomize.h"
#include "yamlsource.h"
#include "yamlsyntax.h"
#include "yamltree.h"

#include <QStringDecoder>

namespace fd::core {

namespace {

std::string fieldName(KustomizeField field) {
    switch (field) {
    case KustomizeField::NewName:
        return "newName";
    case KustomizeField::NewTag:
        return "newTag";
    case KustomizeField::Digest:
        return "digest";
    }
    return {};
}

/** UTF-8 for the file; a QString with a lone surrogate has no UTF-8 form. */
Result<std::string> utf8(const QString& text, const QString& what) {
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            return Error{Error::Kind::InvalidInput,
                         QStringLiteral("the %1 is not valid Unicode (a lone surrogate at "
                                        "character %2)")
                             .arg(what)
                             .arg(i + 1),
                         {}};
    }
    return text.toStdString();
}

/** The value as text; unlike QString::fromUtf8, keeps a leading U+FEFF (it is part of it). */
QString text(const std::string& value) {
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(QByteArrayView(value.data(), static_cast<qsizetype>(value.size())));
}

Error withLocation(Error error, const QString& fileName) {
    if (error.location.isEmpty())
        error.location = fileName;
    return error;
}

Error holdsCollection(const YamlSource& source, const YamlNode& node, const QString& keyPath) {
    const bool map = node.kind == YamlNode::Kind::Map;
    return source.error(Error::Kind::InvalidInput, node.pos,
                        QStringLiteral("'%1' holds a %2, not a single value; use a longer key "
                                       "path, such as %1.%3")
                            .arg(keyPath, map ? QStringLiteral("map") : QStringLiteral("list"),
                                 map ? QStringLiteral("tag") : QStringLiteral("0")));
}

} // namespace

YamlDocument::YamlDocument(QByteArray bytes, QString fileName, std::shared_ptr<const YamlTree> tree)
    : m_bytes(std::move(bytes))
    , m_fileName(std::move(fileName))
    , m_tree(std::move(tree)) {}

Result<YamlDocument> YamlDocument::parse(QByteArray bytes, QString fileName) {
    Result<YamlSource> source = YamlSource::check(bytes, fileName, MaxBytes);
    if (!source)
        return std::move(source).error();
    Result<YamlTree> tree = YamlTree::build(*source);
    if (!tree)
        return std::move(tree).error();
    return YamlDocument(std::move(bytes), std::move(fileName),
                        std::make_shared<const YamlTree>(std::move(*tree)));
}

namespace {

Result<YamlPathTarget> resolve(const YamlTree& tree, const YamlSource& source,
                               const QString& keyPath) {
    Result<YamlKeyPath> path = YamlKeyPath::parse(keyPath);
    if (!path)
        return withLocation(std::move(path).error(), source.fileName());
    return resolveYamlKeyPath(tree, source, *path);
}

} // namespace

Result<QString> YamlDocument::scalar(const QString& keyPath) const {
    const YamlSource source(m_bytes, m_fileName);
    Result<YamlPathTarget> target = resolve(*m_tree, source, keyPath);
    if (!target)
        return std::move(target).error();
    const YamlNode& node = m_tree->node(target->node);
    if (node.kind == YamlNode::Kind::Map || node.kind == YamlNode::Kind::Sequence)
        return holdsCollection(source, node, keyPath);
    if (node.kind == YamlNode::Kind::Null) {
        // yaml-cpp drops the spelling of a null; report `~` or `null` as written.
        const Result<YamlScalarText> written = locateYamlScalar(*m_tree, source, target->node);
        return written
                   ? QString::fromUtf8(m_bytes.mid(written->begin, written->end - written->begin))
                   : QString();
    }
    return text(node.value);
}

Result<int> YamlDocument::editableScalar(const QString& keyPath) const {
    const YamlSource source(m_bytes, m_fileName);
    Result<YamlPathTarget> target = resolve(*m_tree, source, keyPath);
    if (!target)
        return std::move(target).error();
    const YamlNode& node = m_tree->node(target->node);
    if (target->alias >= 0)
        return source.error(Error::Kind::Unsupported, m_tree->node(target->alias).pos,
                            QStringLiteral("'%1' is reached through this alias of the value at "
                                           "line %2; setting it would change that value and "
                                           "everything else using it: set the anchored value "
                                           "instead, or replace the alias with a value")
                                .arg(keyPath)
                                .arg(source.lineOf(node.pos)));
    if (node.kind == YamlNode::Kind::Map || node.kind == YamlNode::Kind::Sequence)
        return holdsCollection(source, node, keyPath);
    const int shared = m_tree->aliasedAncestor(target->node);
    if (shared >= 0)
        return source.error(Error::Kind::Unsupported, node.pos,
                            QStringLiteral("'%1' is part of an anchored value (&%2) that the "
                                           "alias at line %3 reuses, so setting it would change "
                                           "both; edit the file by hand")
                                .arg(keyPath, QString::fromStdString(m_tree->node(shared).anchor))
                                .arg(source.lineOf(m_tree->node(shared).firstAliasPos)));
    return target->node;
}

Result<YamlSpan> YamlDocument::scalarSpan(const QString& keyPath) const {
    Result<int> node = editableScalar(keyPath);
    if (!node)
        return std::move(node).error();
    Result<YamlScalarText> text = locateYamlScalar(*m_tree, YamlSource(m_bytes, m_fileName), *node);
    if (!text)
        return std::move(text).error();
    return YamlSpan{text->begin, text->end};
}

Result<void> YamlDocument::setScalar(const QString& keyPath, const QString& value) {
    Result<std::string> newValue = utf8(value, QStringLiteral("new value"));
    if (!newValue)
        return withLocation(std::move(newValue).error(), m_fileName);
    Result<int> node = editableScalar(keyPath);
    if (!node)
        return std::move(node).error();
    Result<YamlByteEdit> edit =
        planYamlScalarEdit(*m_tree, YamlSource(m_bytes, m_fileName), *node, *newValue);
    if (!edit)
        return std::move(edit).error();
    YamlTree expected = *m_tree;
    YamlNode& target = expected.node(*node);
    target.kind = YamlNode::Kind::Scalar;
    target.value = *newValue;
    // An integer or boolean written plain in place of one keeps its type; anything else must
    // read back as the string given.
    target.expectString = !(yamlsyntax::plainReadsAsNonString(*newValue) &&
                            edit->text.trimmed() == QByteArray::fromStdString(*newValue));
    if (target.tag.empty())
        target.tag.assign(1, '?'); // not = "?": GCC 12 -O2 warns falsely (PR 105329)
    return applyVerified({*edit}, expected);
}

Result<std::optional<QString>> YamlDocument::kustomizeImageField(const QString& imageName,
                                                                 KustomizeField field) const {
    if (imageName.isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("the image name is empty"),
                     m_fileName};
    const YamlSource source(m_bytes, m_fileName);
    Result<KustomizeImages> images =
        KustomizeImages::find(*m_tree, source, imageName.toStdString(), fieldName(field));
    if (!images)
        return std::move(images).error();
    Result<std::optional<std::string>> value = images->value();
    if (!value)
        return std::move(value).error();
    if (!*value)
        return std::optional<QString>();
    return std::optional<QString>(text(**value));
}

Result<void> YamlDocument::setKustomizeImageField(const QString& imageName, KustomizeField field,
                                                  const QString& value) {
    Result<std::string> name = utf8(imageName, QStringLiteral("image name"));
    Result<std::string> newValue = utf8(value, QStringLiteral("new value"));
    if (!name)
        return withLocation(std::move(name).error(), m_fileName);
    if (!newValue)
        return withLocation(std::move(newValue).error(), m_fileName);
    if (name->empty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("the image name is empty"),
                     m_fileName};
    const YamlSource source(m_bytes, m_fileName);
    Result<KustomizeImages> images =
        KustomizeImages::find(*m_tree, source, *name, fieldName(field));
    if (!images)
        return std::move(images).error();
    Result<YamlEditPlan> plan = images->planSet(*newValue);
    if (!plan)
        return std::move(plan).error();
    return applyVerified(plan->edits, plan->expected);
}

Result<void> YamlDocument::applyVerified(const std::vector<YamlByteEdit>& edits,
                                         const YamlTree& expected) {
    const YamlSource oldSource(m_bytes, m_fileName);
    const qsizetype where = edits.empty() ? 0 : edits.front().begin;
    QByteArray bytes = applyYamlEdits(m_bytes, edits);
    if (bytes.size() > MaxBytes)
        return Error{Error::Kind::TooLarge,
                     QStringLiteral("the edited file would be larger than %1 bytes").arg(MaxBytes),
                     m_fileName};
    // The safety net: the byte ranges above are meant to be right on their own, but a file must
    // never be written when it reads differently anywhere except at the edited value.
    const auto refuse = [&](const QString& why) {
        return oldSource.error(Error::Kind::Unsupported, where,
                               QStringLiteral("Freightdesk refused this edit because %1; the "
                                              "file is unchanged. Edit it by hand, and please "
                                              "report the file so the editor can learn it")
                                   .arg(why));
    };
    Result<YamlSource> source = YamlSource::check(bytes, m_fileName, MaxBytes);
    if (!source)
        return refuse(
            QStringLiteral("the result would not be valid (%1)").arg(source.error().toString()));
    Result<YamlTree> tree = YamlTree::build(*source);
    if (!tree)
        return refuse(
            QStringLiteral("the result would not parse (%1)").arg(tree.error().toString()));
    if (const std::optional<qsizetype> difference = expected.firstDifference(*tree))
        return refuse(QStringLiteral("the result would read differently at line %1")
                          .arg(source->lineOf(*difference)));
    m_bytes = std::move(bytes);
    m_tree = std::make_shared<const YamlTree>(std::move(*tree));
    return {};
}

} // namespace fd::core
