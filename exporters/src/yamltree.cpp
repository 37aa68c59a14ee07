#include "yamltree.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

namespace archsim::exporters::yaml {

Node Node::map()
{
    Node n;
    n.m_type = Type::Map;
    return n;
}

Node Node::seq()
{
    Node n;
    n.m_type = Type::Seq;
    return n;
}

Node Node::literal(std::string text)
{
    Node n(std::move(text));
    n.m_type = Type::Literal;
    return n;
}

Node Node::strings(const std::vector<std::string> &items)
{
    Node n = seq();
    for (const auto &s : items)
        n.push(s);
    return n;
}

Node &Node::operator[](const std::string &key)
{
    if (m_type == Type::Null)
        m_type = Type::Map;
    auto it = m_items.begin();
    for (size_t i = 0; i < m_keys.size(); ++i, ++it)
        if (m_keys[i] == key)
            return *it;
    m_keys.push_back(key);
    m_items.push_back(map());
    return m_items.back();
}

Node &Node::push(Node value)
{
    // operator[] creates missing entries as empty maps; the first push makes them sequences.
    if (m_type == Type::Null || (m_type == Type::Map && m_keys.empty()))
        m_type = Type::Seq;
    m_items.push_back(std::move(value));
    return m_items.back();
}

bool isSafePlain(const std::string &s)
{
    if (s.empty() || s.size() > 200)
        return false;
    // YAML 1.1 readers (PyYAML, yamllint, kubectl) turn these into booleans or null.
    static const std::array<const char *, 12> words{
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf"};
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char *w : words)
        if (lower == w)
            return false;
    const auto first = static_cast<unsigned char>(s[0]);
    if (!std::isalpha(first) && s[0] != '/')
        return false; // digits, signs and dots may read as numbers; indicators are special
    for (unsigned char c : s) {
        // ':' and '@' inside a word are plain text (image references); ':' at the end would
        // start a mapping.
        const bool ok = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/'
            || c == ':' || c == '@';
        if (!ok)
            return false;
    }
    return s.back() != ':';
}

namespace {

// A string longer than fits beside its key, without blanks or control characters: over 40
// characters, or shorter beside a long key (a 36-character Kafka variable name).
bool isLongWord(const std::string &key, const std::string &s)
{
    if (s.size() <= 40 && (s.size() <= 8 || key.size() + s.size() <= 70))
        return false;
    for (unsigned char c : s)
        if (c <= ' ' || c == 0x7f)
            return false;
    return true;
}

// Long words that are map values are written as a placeholder first and then moved to a
// folded block of their own line (`key: >-` + the word), which yamllint accepts at any length.
struct LongWords {
    std::vector<std::string> words;
    std::string placeholder(size_t i) const { return "ARCHSIM-LONG-WORD-" + std::to_string(i); }
};

void emit(YAML::Emitter &out, const Node &n, LongWords &longs)
{
    switch (n.type()) {
    case Node::Type::Null:
        out << YAML::Null;
        break;
    case Node::Type::String:
        if (isSafePlain(n.text()))
            out << n.text();
        else
            out << YAML::DoubleQuoted << n.text();
        break;
    case Node::Type::Literal:
        out << YAML::Literal << n.text();
        break;
    case Node::Type::Int:
        out << n.intValue();
        break;
    case Node::Type::Double:
        out << n.doubleValue();
        break;
    case Node::Type::Bool:
        out << n.boolValue();
        break;
    case Node::Type::Map: {
        if (n.isEmpty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            break;
        }
        out << YAML::BeginMap;
        auto value = n.values().begin();
        for (const auto &key : n.keys()) {
            out << YAML::Key;
            if (isSafePlain(key))
                out << key;
            else
                out << YAML::DoubleQuoted << key;
            out << YAML::Value;
            if (value->type() == Node::Type::String && isLongWord(key, value->text())) {
                out << longs.placeholder(longs.words.size());
                longs.words.push_back(value->text());
                ++value;
            } else {
                emit(out, *value++, longs);
            }
        }
        out << YAML::EndMap;
        break;
    }
    case Node::Type::Seq:
        if (n.isEmpty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            break;
        }
        out << YAML::BeginSeq;
        for (const auto &v : n.values())
            emit(out, v, longs);
        out << YAML::EndSeq;
        break;
    }
}

// Replaces each "key: ARCHSIM-LONG-WORD-i" by "key: >-" and the word on the next line,
// indented two columns deeper than the key.
std::string unfoldLongWords(const std::string &yaml, const LongWords &longs)
{
    if (longs.words.empty())
        return yaml;
    std::istringstream in(yaml);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        const auto marker = line.find(": ARCHSIM-LONG-WORD-");
        if (marker == std::string::npos) {
            out += line + '\n';
            continue;
        }
        const size_t i = std::stoul(line.substr(marker + 20));
        size_t keyColumn = line.find_first_not_of(' ');
        while (line.compare(keyColumn, 2, "- ") == 0)
            keyColumn += 2;
        out += line.substr(0, marker) + ": >-\n" + std::string(keyColumn + 2, ' ')
            + longs.words.at(i) + '\n';
    }
    if (!yaml.empty() && yaml.back() != '\n')
        out.pop_back();
    return out;
}

} // namespace

std::string emitDocuments(const std::vector<Node> &documents, const std::string &header)
{
    std::ostringstream text;
    std::istringstream lines(header);
    for (std::string line; std::getline(lines, line);)
        text << (line.empty() ? "#" : "# " + line) << '\n';
    for (const auto &doc : documents) {
        YAML::Emitter out;
        out.SetIndent(2);
        out.SetDoublePrecision(6);
        out.SetBoolFormat(YAML::TrueFalseBool);
        LongWords longs;
        emit(out, doc, longs);
        text << "---\n" << unfoldLongWords(out.c_str(), longs) << '\n';
    }
    return text.str();
}

} // namespace archsim::exporters::yaml
