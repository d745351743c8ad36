#pragma once
// The deleter of a std::unique_ptr over a C library's object that has its
// own free function (OpenSSL's EVP_PKEY_free, SSL_free, BIO_free, ...).
namespace cardcore {

template <class T, auto Free>
struct FreeWith {
  void operator()(T* p) const { Free(p); }
};

}  // namespace cardcore
