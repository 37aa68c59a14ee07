#pragma once

// A small ordered YAML tree emitted through yaml-cpp. Strings that a YAML 1.1 reader would
// take for a number, a boolean or null are double-quoted, so "8080" stays a string; keys keep
// their insertion order so manifests read in the conventional order.

#include <cstdint>
#include <list>
#include <string>
#include <vector>

namespace archsim::exporters::yaml {

class Node {
public:
    enum class Type { Null, String, Literal, Int, Double, Bool, Map, Seq };

    Node() = default;
    Node(const char *s) : m_type(Type::String), m_text(s) {}
    Node(std::string s) : m_type(Type::String), m_text(std::move(s)) {}
    Node(int v) : m_type(Type::Int), m_int(v) {}
    Node(int64_t v) : m_type(Type::Int), m_int(v) {}
    Node(double v) : m_type(Type::Double), m_double(v) {}
    Node(bool v) : m_type(Type::Bool), m_bool(v) {}

    // Returns an empty mapping / sequence.
    static Node map();
    static Node seq();
    // Returns a string emitted as a literal block (`|`), for scripts and config files.
    static Node literal(std::string text);
    // Returns a sequence of strings.
    static Node strings(const std::vector<std::string> &items);

    // Returns the value under `key`, appending a null entry (which becomes a map) if absent.
    Node &operator[](const std::string &key);
    // Appends to a sequence and returns the new element.
    Node &push(Node value);

    Type type() const { return m_type; }
    bool isEmpty() const { return m_keys.empty() && m_items.empty(); }
    const std::vector<std::string> &keys() const { return m_keys; }
    const std::list<Node> &values() const { return m_items; }
    const std::string &text() const { return m_text; }
    int64_t intValue() const { return m_int; }
    double doubleValue() const { return m_double; }
    bool boolValue() const { return m_bool; }

private:
    Type m_type = Type::Null;
    std::string m_text;
    int64_t m_int = 0;
    double m_double = 0;
    bool m_bool = false;
    // A list, so that a reference to a child stays valid while siblings are added.
    std::vector<std::string> m_keys; // map keys, parallel to m_items
    std::list<Node> m_items;         // map values or sequence elements
};

// Returns the YAML stream: `header` as comment lines, then each document after "---".
std::string emitDocuments(const std::vector<Node> &documents, const std::string &header);

// Returns true when `s` may be written as a plain scalar and read back as the same string.
bool isSafePlain(const std::string &s);

} // namespace archsim::exporters::yaml
