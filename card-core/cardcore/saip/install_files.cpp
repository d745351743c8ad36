// The file tree of a package (TCA eUICC Profile Package §8.3: file-system
// PEs from templates, PE-GenericFileManagement; FCP coding TS 102 222 §6.3,
// TS 102 221 §11.1.1.4).
#include "cardcore/saip/install_files.hpp"

#include <algorithm>
#include <cctype>

#include "cardcore/saip/package_error.hpp"

namespace cardcore::saip::install {

namespace {

[[noreturn]] void refuse(const Where& w, const std::string& problem) {
  throw PackageError(w.pe, w.element, kNoOffset, problem);
}

std::string hex4(std::uint16_t v) {
  static const char* d = "0123456789ABCDEF";
  return {d[v >> 12], d[(v >> 8) & 15], d[(v >> 4) & 15], d[v & 15]};
}

// "ef-imsi" -> "EF.IMSI", "adf-usim" -> "ADF.USIM", "mf" -> "MF".
std::string file_name(std::string_view pe_name) {
  std::string s(pe_name);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto dash = s.find('-');
  if (dash != std::string::npos) s[dash] = '.';
  return s;
}

std::size_t big_endian(const Bytes& b) {
  std::size_t v = 0;
  for (std::uint8_t x : b) v = (v << 8) | x;
  return v;
}

}  // namespace

PlannedFile* FileTree::find(const std::vector<std::uint16_t>& path) {
  for (auto& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

void FileTree::skip(PlannedFile& f, std::size_t& pos, std::size_t offset, const Where& w) {
  if (f.is_df()) refuse(w, "fillFileOffset for a directory");
  pos += offset;
  if (pos > f.body.size()) refuse(w, "fillFileOffset past the end of the file");
}

void FileTree::write(PlannedFile& f, std::size_t& pos, const Bytes& content, const Where& w) {
  if (f.is_df()) refuse(w, "fillFileContent for a directory");
  if (content.size() > f.body.size() - pos) {
    refuse(w, "fillFileContent of " + std::to_string(content.size()) + " bytes at offset " + std::to_string(pos) +
                  " does not fit the file's " + std::to_string(f.body.size()) + " bytes");
  }
  std::copy(content.begin(), content.end(), f.body.begin() + static_cast<std::ptrdiff_t>(pos));
  pos += content.size();
}

PlannedFile& FileTree::create(const File* file, const Fcp* fcp, const TemplateFile* tpl, std::string name,
                              const std::vector<std::uint16_t>& parent, bool from_gfm, const Where& w) {
  PlannedFile f;
  f.name = std::move(name);
  // Structure: the file descriptor byte (TS 102 221 §11.1.1.4.3) or the template.
  if (fcp && fcp->file_descriptor) {
    const Bytes& fd = *fcp->file_descriptor;
    const std::uint8_t fdb = fd[0];
    f.shareable = (fdb & 0x40) != 0;
    if ((fdb & 0xBF) == 0x38) {
      f.structure = fcp->df_name ? TemplateStructure::Adf : TemplateStructure::Df;
    } else if ((fdb & 0xBF) == 0x39) {
      refuse(w, "BER-TLV EFs are not supported by card-core");
    } else if (fdb & 0x38 || fdb & 0x80) {
      refuse(w, "file descriptor byte " + hex4(fdb).substr(2) + " is not a working EF or DF");
    } else {
      switch (fdb & 0x07) {
        case 1: f.structure = TemplateStructure::Transparent; break;
        case 2: f.structure = TemplateStructure::LinearFixed; break;
        case 6: f.structure = TemplateStructure::Cyclic; break;
        default: refuse(w, "file descriptor byte " + hex4(fdb).substr(2) + ": unknown EF structure");
      }
      const bool record = f.structure != TemplateStructure::Transparent;
      if (record && fd.size() == 4) f.record_length = (std::size_t{fd[2]} << 8) | fd[3];
      if (!record && fd.size() != 2) refuse(w, "file descriptor of a transparent EF has " + std::to_string(fd.size()) + " bytes (2)");
      if (record && fd.size() == 3) refuse(w, "file descriptor of a record EF has 3 bytes (2 or 4)");
    }
    if (tpl && ((tpl->structure == TemplateStructure::Adf) != (f.structure == TemplateStructure::Adf) ||
                (tpl->structure == TemplateStructure::Df) != (f.structure == TemplateStructure::Df))) {
      refuse(w, "file descriptor changes the template's kind of file");
    }
  } else if (tpl) {
    f.structure = tpl->structure;
  } else {
    refuse(w, "no fileDescriptor and no template default for this file (README.md \"Templates\")");
  }
  const bool record = f.structure == TemplateStructure::LinearFixed || f.structure == TemplateStructure::Cyclic;
  if (record && f.record_length == 0) {
    if (tpl && tpl->size) {
      f.record_length = tpl->size;
    } else {
      refuse(w, "record length missing (file descriptor of 4 bytes)");
    }
  }
  // FID (an ADF's is the temporary FID of the package, §8.3.x fileID).
  std::uint16_t fid = 0;
  if (fcp && fcp->file_id) {
    fid = static_cast<std::uint16_t>(big_endian(*fcp->file_id));
  } else if (tpl && tpl->fid) {
    fid = tpl->fid;
  } else {
    refuse(w, "no fileID");
  }
  if ((fid == 0x3F00) != parent.empty()) refuse(w, "the MF (and only the MF) has FID 3F00");
  f.path = parent;
  f.path.push_back(fid);
  if (find(f.path)) refuse(w, "file " + hex4(fid) + " created twice");
  if (!parent.empty()) {
    const PlannedFile* p = find(parent);
    if (!p || !p->is_df()) refuse(w, "parent directory does not exist");
  }
  if (f.structure == TemplateStructure::Adf) {
    if (!fcp || !fcp->df_name) refuse(w, "ADF without dfName (AID)");
    f.aid = *fcp->df_name;
  } else if (fcp && fcp->df_name) {
    refuse(w, "dfName for a file that is no ADF");
  }
  // Size: efFileSize (records = size / record length) or the template.
  std::size_t size = 0;
  if (!f.is_df()) {
    if (fcp && fcp->ef_file_size) {
      size = big_endian(*fcp->ef_file_size);
    } else if (tpl && tpl->size) {
      size = record ? std::size_t{tpl->size} * tpl->records : tpl->size;
    }
    if (size == 0) refuse(w, "no efFileSize");
    if (record) {
      if (size % f.record_length) refuse(w, "efFileSize is not a multiple of the record length");
      f.records = size / f.record_length;
    }
  } else if (fcp && fcp->ef_file_size) {
    refuse(w, "efFileSize for a directory");
  }
  // SFI (Fcp shortEFID: absent = template or, for GFM, from the FID; empty = none).
  if (!f.is_df()) {
    if (fcp && fcp->short_ef_id) {
      if (!fcp->short_ef_id->empty()) {
        const std::uint8_t b = (*fcp->short_ef_id)[0];
        if ((b & 0x07) || (b >> 3) == 0 || (b >> 3) > 30) refuse(w, "shortEFID must code 1..30 in b8-b4");
        f.sfi = static_cast<std::uint8_t>(b >> 3);
      }
    } else if (tpl) {
      f.sfi = tpl->sfi;
    } else if (from_gfm) {
      const std::uint8_t s = fid & 0x1F;
      f.sfi = (s >= 1 && s <= 30) ? s : 0;
    }
  }
  // Access rule: securityAttributesReferenced, EF.ARR 2F06 for the MF, ADFs
  // and the MF's files, 6F06 otherwise.
  const bool upper = parent.size() <= 1 || f.structure == TemplateStructure::Adf;
  f.arr_fid = upper ? 0x2F06 : 0x6F06;
  if (fcp && fcp->security_attributes) {
    const Bytes& sa = *fcp->security_attributes;
    if (sa.size() == 2) refuse(w, "securityAttributesReferenced of 2 bytes (1 or 3)");
    if (sa.size() == 3) f.arr_fid = static_cast<std::uint16_t>((sa[0] << 8) | sa[1]);
    f.arr_record = sa.back();
  } else if (tpl) {
    f.arr_record = tpl->arr_record;
  }
  if (f.arr_record == 0) f.arr_fid = 0;
  // What card-core cannot take, or does not use.
  if (fcp) {
    if (fcp->lcsi != 0x05) refuse(w, "life cycle status other than '05' (activated)");
    if (fcp->link_path) refuse(w, "linkPath (linked files) is not supported");
    if (fcp->pin_status_template) {
      ignored.insert("pinStatusTemplateDO of the MF/DFs/ADFs: card-core builds its PS_DO from the PINs");
    }
    if (const auto& p = fcp->proprietary) {
      if (p->maximum_file_size || p->file_details != 0x01) refuse(w, "BER-TLV file parameters are not supported");
      if (p->special_file_information != 0x00) {
        ignored.insert("specialFileInformation (high update activity hint): card-core has no such memory option");
      }
    }
  }
  if (!f.is_df()) f.body = tpl ? template_content(*tpl, size) : Bytes(size, 0xFF);
  // TS 102 222 §6.3 proprietary 'C1' fill pattern (the last byte repeated
  // to the end) and 'C2' repeat pattern (repeated whole), per record for
  // record EFs.
  if (fcp && fcp->proprietary && !f.is_df()) {
    const auto& p = *fcp->proprietary;
    if (const auto& pattern = p.fill_pattern ? p.fill_pattern : p.repeat_pattern) {
      const std::size_t unit = record ? f.record_length : size;
      for (std::size_t i = 0; i < size; ++i) {
        const std::size_t k = i % unit;
        f.body[i] = p.fill_pattern ? (*pattern)[std::min(k, pattern->size() - 1)] : (*pattern)[k % pattern->size()];
      }
    }
  }
  files.push_back(std::move(f));
  PlannedFile& added = files.back();
  if (file) {
    std::size_t pos = 0;
    for (const auto& e : file->elements) {
      if (const auto* o = std::get_if<FillFileOffset>(&e)) skip(added, pos, o->offset, w);
      if (const auto* c = std::get_if<FillFileContent>(&e)) write(added, pos, c->content, w);
    }
  }
  return added;
}

void FileTree::add_file_system_pe(const FileSystemPe& pe, std::size_t pe_index) {
  const auto names = template_files(pe.kind);
  const std::string pe_label(saip::pe_name(pe.kind));
  std::vector<std::uint16_t> dir;  // where the next file goes
  std::vector<std::uint16_t> top;  // the PE's own DF/ADF
  switch (pe.kind) {
    case FileSystemKind::Mf: break;
    case FileSystemKind::Telecom:
    case FileSystemKind::Usim: dir = {0x3F00}; break;
    case FileSystemKind::OptUsim:
      if (!usim_path) refuse({pe_index, pe_label}, "PE-OPT-USIM without ADF.USIM");
      dir = top = *usim_path;
      break;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto& file = pe.files[i];
    const std::string_view n = names[i].name;
    const bool is_dir = n == "mf" || n.starts_with("df-") || n.starts_with("adf-");
    if (!file) {
      // A sub-DF of DF.TELECOM that is absent: its EFs have no parent.
      if (is_dir && pe.kind == FileSystemKind::Telecom && n != "df-telecom") dir.clear();
      continue;
    }
    const Where w{pe_index, pe_label + "." + std::string(n)};
    if (file->do_not_create()) {
      if (pe.kind == FileSystemKind::Mf) refuse(w, "doNotCreate has no effect in the MF");
      if (is_dir) dir.clear();
      continue;
    }
    const TemplateFile* tpl = find_template_file(pe.template_id, n);
    if (is_dir && pe.kind == FileSystemKind::Telecom && n != "df-telecom") dir = top;  // sub-DF of DF.TELECOM
    if (!is_dir && dir.empty() && pe.kind != FileSystemKind::Mf) refuse(w, "file without its directory");
    if (pe.kind == FileSystemKind::Mf && n != "mf" && dir.empty()) refuse(w, "file before the MF");
    PlannedFile& f = create(&*file, file->fcp(), tpl, file_name(n), dir, false, w);
    if (is_dir) {
      dir = f.path;
      if (top.empty()) top = f.path;
      if (n == "adf-usim") {
        usim_path = f.path;
        usim_pe = pe_index;
      }
    }
  }
}

void FileTree::add_generic_file_management(const PeGenericFileManagement& pe, std::size_t pe_index) {
  for (std::size_t k = 0; k < pe.commands.size(); ++k) {
    const Where w{pe_index, "PE-GenericFileManagement.fileManagementCMD[" + std::to_string(k) + "]"};
    std::vector<std::uint16_t> dir = {0x3F00};
    PlannedFile* ef = nullptr;
    std::size_t pos = 0;
    for (const auto& c : pe.commands[k]) {
      if (const auto* p = std::get_if<FilePath>(&c)) {
        // §8.3.5: FIDs from the MF (the MF's own FID may lead), an ADF by
        // its temporary FID; empty: the MF.
        if (p->path.size() % 2) refuse(w, "filePath of an odd number of bytes");
        std::vector<std::uint16_t> path = {0x3F00};
        for (std::size_t i = 0; i < p->path.size(); i += 2) {
          const auto fid = static_cast<std::uint16_t>((p->path[i] << 8) | p->path[i + 1]);
          if (!(i == 0 && fid == 0x3F00)) path.push_back(fid);
        }
        PlannedFile* f = find(path);
        if (!f) refuse(w, "filePath names no file created so far");
        pos = 0;
        if (f->is_df()) {
          dir = path;
          ef = nullptr;
        } else {
          dir.assign(path.begin(), path.end() - 1);
          ef = f;
        }
      } else if (const auto* cf = std::get_if<CreateFcp>(&c)) {
        const bool df = cf->fcp.file_descriptor && ((*cf->fcp.file_descriptor)[0] & 0xBF) == 0x38;
        const std::uint16_t fid =
            cf->fcp.file_id ? static_cast<std::uint16_t>(((*cf->fcp.file_id)[0] << 8) | (*cf->fcp.file_id)[1]) : 0;
        const std::string prefix = df ? (cf->fcp.df_name ? "ADF." : "DF.") : "EF.";
        PlannedFile& f = create(nullptr, &cf->fcp, nullptr, prefix + hex4(fid), dir, true, w);
        pos = 0;
        if (f.is_df()) {
          dir = f.path;
          ef = nullptr;
        } else {
          ef = &f;
        }
      } else if (const auto* o = std::get_if<FillFileOffset>(&c)) {
        if (!ef) refuse(w, "fillFileOffset without a current EF");
        skip(*ef, pos, o->offset, w);
      } else {
        if (!ef) refuse(w, "fillFileContent without a current EF");
        write(*ef, pos, std::get<FillFileContent>(c).content, w);
      }
    }
  }
}

}  // namespace cardcore::saip::install
