#include "yamlevents.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <streambuf>

namespace fd::core {

namespace {

// Lets yaml-cpp read the file's bytes in place; it only ever reads through the get area.
class ByteStreamBuffer final : public std::streambuf {
public:
    ByteStreamBuffer(const char* begin, const char* end) {
        setg(const_cast<char*>(begin), const_cast<char*>(begin), const_cast<char*>(end));
    }
};

} // namespace

void YamlRunawayGuard::documentStarted(const YAML::Mark& mark) {
    // yaml-cpp 0.7 reports empty documents at the same place forever after a stray ',' at the
    // top level.
    if (mark.pos <= m_lastDocumentStart)
        throw YamlEventAbort{Error::Kind::Parse, position(mark),
                             QStringLiteral("not valid YAML: the parser makes no progress here "
                                            "(a stray ',', ']' or '}'?); fix the file here and "
                                            "try again")};
    m_lastDocumentStart = mark.pos;
}

void YamlRunawayGuard::valueRead(const YAML::Mark& mark) {
    if (++m_values > m_maxValues)
        throw YamlEventAbort{Error::Kind::Parse, position(mark),
                             QStringLiteral("not valid YAML: the parser reads more values here "
                                            "than the file can hold; fix the file here and try "
                                            "again")};
}

Result<void> readYamlEvents(const YamlSource& source, YAML::EventHandler& handler) {
    const QByteArray& bytes = source.bytes();
    // yaml-cpp skips a UTF-8 BOM without counting it, so its offsets start after it.
    ByteStreamBuffer buffer(bytes.constData() + source.bomLength(),
                            bytes.constData() + bytes.size());
    std::istream stream(&buffer);
    try {
        YAML::Parser parser(stream);
        while (parser.HandleNextDocument(handler)) {
        }
    } catch (const YamlEventAbort& abort) {
        return source.error(abort.kind, abort.pos, abort.message);
    } catch (const YAML::DeepRecursion& e) {
        return source.error(Error::Kind::TooLarge, source.bomLength() + std::max(e.mark.pos, 0),
                            QStringLiteral("the YAML is nested too deeply to read safely"));
    } catch (const YAML::Exception& e) {
        const QString message =
            QStringLiteral("not valid YAML: %1; fix the file here (often the indentation, a "
                           "missing space after ':' or an unclosed quote) and try again")
                .arg(QString::fromStdString(e.msg));
        if (e.mark.is_null())
            return Error{Error::Kind::Parse, message, source.fileName()};
        return source.error(Error::Kind::Parse, source.bomLength() + std::max(e.mark.pos, 0),
                            message);
    } catch (const std::exception& e) {
        return Error{
            Error::Kind::Parse,
            QStringLiteral("could not read the YAML: %1").arg(QString::fromStdString(e.what())),
            source.fileName()};
    }
    return {};
}

} // namespace fd::core
