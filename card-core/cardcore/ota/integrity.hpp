#pragma once
// The RC or CC field of a secured packet, ETSI TS 102 225 §5.1.3, computed
// over the bytes the packet codecs assemble (command_packet.cpp,
// response_packet.cpp say which).
#include <cstddef>
#include <cstdint>

#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

// Length of the CC: 8 bytes for DES and triple DES; for AES-CMAC 4 or 8 as
// the sender chose (TS 102 225 §5.1.3), any other aes_length gives 0.
std::size_t checksum_length(ChecksumAlgorithm algorithm, std::size_t aes_length);
// The block cipher under the checksum (DES CBC-MAC runs on DES, ...).
CipherAlgorithm checksum_cipher(ChecksumAlgorithm algorithm);

// CC = the leftmost `length` bytes of
//  - DES / triple DES: the CBC-MAC of ISO/IEC 9797-1 MAC algorithm 1 with
//    padding method 1: zero IV, input padded with zero bytes to a multiple of
//    8 (the padding is not sent), the last block of the CBC encryption with the
//    full DES or triple DES (outer CBC, as for ciphering) — not the "retail
//    MAC" of algorithm 3, which single-DES chains and triple-DES only the last
//    block;
//  - AES: CMAC (NIST SP 800-38B), whose truncation keeps the leftmost bytes.
// kid must be a BlockCipher of checksum_cipher(algorithm); length <= 8 (<= 16
// for AES).
void cryptographic_checksum(ChecksumAlgorithm algorithm, BlockCipher& kid, ByteView input, std::uint8_t* out,
                            std::size_t length);

// RC: 2 bytes (CRC16) or 4 bytes (CRC32), most significant byte first.
std::size_t redundancy_length(RedundancyAlgorithm algorithm);
void redundancy_check(RedundancyAlgorithm algorithm, ByteView input, std::uint8_t* out);

// CRC-16 of ISO/IEC 13239 (polynomial x^16 + x^12 + x^5 + 1, bit-reflected,
// initial value and final XOR 'FFFF'; check value of "123456789" is 0x906E).
std::uint16_t crc16_iso13239(ByteView input);

}  // namespace cardcore::ota
