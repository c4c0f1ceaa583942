#include "sshkeyfile.h"

#include <QFile>
#include <QtEndian>

namespace fd::core {

namespace {

constexpr qint64 maximumKeyFileSize = 64 * 1024;

// An OpenSSH key is base64 of: "openssh-key-v1\0", then a uint32 length and the cipher name.
bool openSshKeyIsEncrypted(const QByteArray& text) {
    const QByteArray begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    const QByteArray end = "-----END OPENSSH PRIVATE KEY-----";
    const qsizetype from = text.indexOf(begin);
    const qsizetype to = text.indexOf(end);
    if (from < 0 || to < from)
        return false;
    const QByteArray body = QByteArray::fromBase64(
        text.mid(from + begin.size(), to - from - begin.size()).simplified());
    const QByteArray magic("openssh-key-v1\0", 15);
    if (!body.startsWith(magic) || body.size() < magic.size() + 4)
        return false;
    const quint32 length = qFromBigEndian<quint32>(body.constData() + magic.size());
    const QByteArray cipher = body.mid(magic.size() + 4, length);
    return cipher != "none";
}

} // namespace

bool sshKeyFileIsEncrypted(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false; // unreadable: let libssh2 report it
    const QByteArray text = file.read(maximumKeyFileSize);
    if (text.contains("ENCRYPTED")) // PEM: "Proc-Type: 4,ENCRYPTED", "BEGIN ENCRYPTED PRIVATE KEY"
        return true;
    return openSshKeyIsEncrypted(text);
}

} // namespace fd::core
