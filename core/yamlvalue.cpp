#include "yamlvalue.h"

#include "yamldocument.h"
#include "yamlsource.h"
#include "yamltree.h"

#include <algorithm>
#include <vector>

namespace fd::core {

struct YamlValue::File final {
    QByteArray bytes;
    QString fileName;
    YamlTree tree;
    std::vector<qsizetype> lineStarts;
};

namespace {

bool isNullWord(const std::string& text) {
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::vector<qsizetype> lineStartsOf(const QByteArray& bytes) {
    std::vector<qsizetype> starts{0};
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes.at(i) == '\n')
            starts.push_back(i + 1);
    }
    return starts;
}

} // namespace

Result<QList<YamlValue>> YamlValue::parseAll(const QByteArray& bytes, const QString& fileName) {
    auto checked = YamlSource::check(bytes, fileName, YamlDocument::MaxBytes);
    if (!checked)
        return std::move(checked).error();
    auto file = std::make_shared<File>();
    file->bytes = bytes;
    file->fileName = fileName;
    // The source refers to the bytes it reads; they live in the shared file from here on.
    const YamlSource source(file->bytes, fileName);
    auto tree = YamlTree::build(source);
    if (!tree)
        return std::move(tree).error();
    file->tree = std::move(*tree);
    file->lineStarts = lineStartsOf(file->bytes);

    QList<YamlValue> documents;
    for (const int root : file->tree.documents())
        documents.append(YamlValue(file, root, root));
    return documents;
}

YamlValue::YamlValue(std::shared_ptr<const File> file, int node, int anchorNode)
    : m_file(std::move(file))
    , m_node(node)
    , m_anchorNode(anchorNode) {}

YamlValue::Type YamlValue::type() const {
    if (!m_file || m_node < 0)
        return Type::Undefined;
    const YamlNode& node = m_file->tree.node(m_node);
    switch (node.kind) {
    case YamlNode::Kind::Null:
        return Type::Null;
    case YamlNode::Kind::Scalar:
        return node.tag == "?" && isNullWord(node.value) ? Type::Null : Type::Scalar;
    case YamlNode::Kind::Sequence:
        return Type::Sequence;
    case YamlNode::Kind::Map:
        return Type::Map;
    case YamlNode::Kind::Alias:
        break;
    }
    return Type::Undefined;
}

QString YamlValue::scalar(const QString& fallback) const {
    if (type() != Type::Scalar)
        return fallback;
    return QString::fromStdString(m_file->tree.node(m_node).value);
}

bool YamlValue::isQuoted() const {
    return type() == Type::Scalar && m_file->tree.node(m_node).tag != "?";
}

bool YamlValue::toBool(bool fallback) const {
    if (type() != Type::Scalar || isQuoted())
        return fallback;
    const QString text = scalar().toLower();
    if (text == u"true" || text == u"yes" || text == u"on")
        return true;
    if (text == u"false" || text == u"no" || text == u"off")
        return false;
    return fallback;
}

int YamlValue::size() const {
    const Type t = type();
    if (t == Type::Sequence)
        return static_cast<int>(m_file->tree.node(m_node).children.size());
    if (t == Type::Map)
        return static_cast<int>(m_file->tree.node(m_node).children.size() / 2);
    return 0;
}

YamlValue YamlValue::at(int index) const {
    if (type() != Type::Sequence || index < 0 || index >= size())
        return YamlValue(m_file, -1, m_node);
    const int child = m_file->tree.node(m_node).children[static_cast<std::size_t>(index)];
    return YamlValue(m_file, m_file->tree.resolved(child), child);
}

YamlValue YamlValue::operator[](const QString& key) const {
    if (type() != Type::Map)
        return YamlValue(m_file, -1, m_node >= 0 ? m_node : m_anchorNode);
    const std::string wanted = key.toStdString();
    const std::vector<int>& children = m_file->tree.node(m_node).children;
    for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
        const YamlNode& keyNode = m_file->tree.node(m_file->tree.resolved(children[i]));
        if (keyNode.kind == YamlNode::Kind::Scalar && keyNode.value == wanted)
            return YamlValue(m_file, m_file->tree.resolved(children[i + 1]), children[i + 1]);
    }
    return YamlValue(m_file, -1, m_node);
}

QStringList YamlValue::keys() const {
    QStringList result;
    if (type() != Type::Map)
        return result;
    const std::vector<int>& children = m_file->tree.node(m_node).children;
    for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
        const YamlNode& keyNode = m_file->tree.node(m_file->tree.resolved(children[i]));
        if (keyNode.kind == YamlNode::Kind::Scalar)
            result.append(QString::fromStdString(keyNode.value));
    }
    return result;
}

QList<YamlValue> YamlValue::items() const {
    QList<YamlValue> result;
    const Type t = type();
    if (t != Type::Sequence && t != Type::Map)
        return result;
    const std::vector<int>& children = m_file->tree.node(m_node).children;
    const std::size_t first = t == Type::Map ? 1 : 0;
    const std::size_t step = t == Type::Map ? 2 : 1;
    for (std::size_t i = first; i < children.size(); i += step)
        result.append(YamlValue(m_file, m_file->tree.resolved(children[i]), children[i]));
    return result;
}

QList<std::pair<QString, QString>> YamlValue::stringMap() const {
    QList<std::pair<QString, QString>> result;
    for (const QString& key : keys()) {
        const YamlValue value = (*this)[key];
        if (value.isScalar())
            result.append({key, value.scalar()});
    }
    return result;
}

const QString& YamlValue::fileName() const {
    static const QString none;
    return m_file ? m_file->fileName : none;
}

int YamlValue::line() const {
    const int node = m_node >= 0 ? m_node : m_anchorNode;
    if (!m_file || node < 0)
        return 0;
    const qsizetype pos = m_file->tree.node(node).pos;
    const auto& starts = m_file->lineStarts;
    return static_cast<int>(std::upper_bound(starts.begin(), starts.end(), pos) - starts.begin());
}

int YamlValue::column() const {
    const int node = m_node >= 0 ? m_node : m_anchorNode;
    const int lineNumber = line();
    if (lineNumber <= 0)
        return 0;
    const qsizetype pos = m_file->tree.node(node).pos;
    qsizetype characters = 0;
    for (qsizetype i = m_file->lineStarts[static_cast<std::size_t>(lineNumber - 1)]; i < pos; ++i) {
        if ((static_cast<unsigned char>(m_file->bytes.at(i)) & 0xC0) != 0x80)
            ++characters;
    }
    return static_cast<int>(characters) + 1;
}

QString YamlValue::location() const {
    if (line() <= 0)
        return fileName();
    return QStringLiteral("%1:%2:%3").arg(fileName()).arg(line()).arg(column());
}

} // namespace fd::core
