#include "yamlkeypath.h"

#include "yamlsource.h"
#include "yamltree.h"

#include <QStringList>

namespace fd::core {

namespace {

Error invalidPath(const QString& text, const QString& problem) {
    return Error{Error::Kind::InvalidInput,
                 QStringLiteral("invalid key path \"%1\": %2").arg(text, problem),
                 {}};
}

std::optional<int> indexOf(const QString& key) {
    // Digits only, and few enough for an int; "-1" (sjson's append) stays a key.
    if (key.isEmpty() || key.size() > 9)
        return std::nullopt;
    for (const QChar c : key) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    return key.toInt();
}

QString escaped(const QString& key) {
    QString out;
    for (const QChar c : key) {
        if (c == QLatin1Char('.') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString keysOf(const YamlTree& tree, const YamlNode& map) {
    QStringList keys;
    for (std::size_t i = 0; i < map.children.size(); i += 2) {
        const YamlNode& key = tree.node(tree.resolved(map.children[i]));
        if (keys.size() == 10) {
            keys << QStringLiteral("...");
            break;
        }
        if (key.kind == YamlNode::Kind::Scalar)
            keys << QString::fromStdString(key.value);
    }
    return keys.join(QStringLiteral(", "));
}

bool hasMergeKey(const YamlTree& tree, const YamlNode& map) {
    for (std::size_t i = 0; i < map.children.size(); i += 2) {
        const YamlNode& key = tree.node(tree.resolved(map.children[i]));
        if (key.kind == YamlNode::Kind::Scalar && key.value == "<<")
            return true;
    }
    return false;
}

} // namespace

Result<YamlKeyPath> YamlKeyPath::parse(const QString& text) {
    if (text.isEmpty())
        return invalidPath(text, QStringLiteral("it is empty; name a key such as image.tag"));
    YamlKeyPath path;
    path.m_text = text;
    QString key;
    bool escapeNext = false;
    const auto finishKey = [&](qsizetype at) -> std::optional<Error> {
        if (key.isEmpty())
            return invalidPath(text, QStringLiteral("empty key at character %1; write a dot "
                                                    "inside a key as \\.")
                                         .arg(at + 1));
        path.m_segments.append(YamlKeySegment{key, indexOf(key)});
        key.clear();
        return std::nullopt;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (escapeNext) {
            key += c;
            escapeNext = false;
        } else if (c == QLatin1Char('\\')) {
            escapeNext = true;
        } else if (c == QLatin1Char('.')) {
            if (std::optional<Error> error = finishKey(i))
                return *error;
        } else {
            key += c;
        }
    }
    if (escapeNext)
        return invalidPath(text, QStringLiteral("it ends with a lone backslash; write \\\\ for "
                                                "a backslash inside a key"));
    if (std::optional<Error> error = finishKey(text.size()))
        return *error;
    return path;
}

QString YamlKeyPath::describePrefix(qsizetype count) const {
    if (count == 0)
        return QStringLiteral("the top level");
    QStringList keys;
    for (qsizetype i = 0; i < count; ++i)
        keys << escaped(m_segments[i].key);
    return QLatin1Char('\'') + keys.join(QLatin1Char('.')) + QLatin1Char('\'');
}

Result<YamlPathTarget> resolveYamlKeyPath(const YamlTree& tree, const YamlSource& source,
                                          const YamlKeyPath& path) {
    YamlPathTarget target;
    target.node = tree.firstRoot();
    if (target.node < 0)
        return Error{Error::Kind::NotFound,
                     QStringLiteral("the file holds no YAML document, so key \"%1\" is not in "
                                    "it")
                         .arg(path.text()),
                     source.fileName()};
    const auto crossAlias = [&] {
        if (tree.node(target.node).kind == YamlNode::Kind::Alias && target.alias < 0)
            target.alias = target.node;
        target.node = tree.resolved(target.node);
    };
    const QList<YamlKeySegment>& segments = path.segments();
    for (qsizetype i = 0; i < segments.size(); ++i) {
        crossAlias();
        const YamlKeySegment& segment = segments[i];
        const YamlNode& node = tree.node(target.node);
        const QString where = path.describePrefix(i);
        if (node.kind == YamlNode::Kind::Map) {
            const std::string wanted = segment.key.toStdString();
            int found = -1;
            for (std::size_t k = 0; k < node.children.size(); k += 2) {
                const YamlNode& key = tree.node(tree.resolved(node.children[k]));
                if (key.kind != YamlNode::Kind::Scalar || key.value != wanted)
                    continue;
                if (found >= 0)
                    return source.error(Error::Kind::Unsupported, tree.node(node.children[k]).pos,
                                        QStringLiteral("key '%1' appears twice in %2; YAML "
                                                       "readers disagree on which one counts: "
                                                       "remove one")
                                            .arg(segment.key, where));
                found = node.children[k + 1];
            }
            if (found < 0) {
                QString message = QStringLiteral("key '%1' not found in %2 (its keys: %3)")
                                      .arg(segment.key, where, keysOf(tree, node));
                if (hasMergeKey(tree, node))
                    message += QStringLiteral("; keys merged in with << are not followed");
                message += QStringLiteral(". Check the key path: keys are case-sensitive and a "
                                          "dot inside a key is written \\.");
                return source.error(Error::Kind::NotFound, node.pos, message);
            }
            target.node = found;
        } else if (node.kind == YamlNode::Kind::Sequence) {
            const auto size = static_cast<int>(node.children.size());
            if (!segment.index)
                return source.error(Error::Kind::NotFound, node.pos,
                                    QStringLiteral("%1 is a list, so it has no key '%2'; "
                                                   "address its items by index (0 to %3)")
                                        .arg(where, segment.key)
                                        .arg(size - 1));
            if (*segment.index >= size)
                return source.error(Error::Kind::NotFound, node.pos,
                                    QStringLiteral("index %1 is out of range: %2 has %3 "
                                                   "item(s)")
                                        .arg(*segment.index)
                                        .arg(where)
                                        .arg(size));
            target.node = node.children[static_cast<std::size_t>(*segment.index)];
        } else {
            return source.error(Error::Kind::NotFound, node.pos,
                                QStringLiteral("%1 holds a single value, not a map or list, so "
                                               "it has no '%2'; check the key path")
                                    .arg(where, segment.key));
        }
    }
    crossAlias();
    return target;
}

} // namespace fd::core
