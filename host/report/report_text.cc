#include "host/report/report_text.h"

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "host/common/local_time.h"

namespace pqa::report {

absl::StatusOr<Lang> ParseLang(std::string_view text) {
  std::string t = absl::AsciiStrToLower(std::string(text));
  if (t == "pt-br" || t == "pt" || t == "pt_br") return Lang::kPtBr;
  if (t == "en" || t == "en-us" || t == "en-gb" || t == "en_us") return Lang::kEn;
  return absl::InvalidArgumentError(absl::StrCat(
      "--lang: expected pt-BR (the regulation's language) or en, got \"", std::string(text), "\""));
}

const char* LangTag(Lang lang) { return lang == Lang::kPtBr ? "pt-BR" : "en"; }

namespace {

// PRODIST Module 8 in its own words (items 26-33, 44-63, 70-88, 104-116;
// section 8.2).
constexpr ReportText kPtBr = {
    .title = "Relatório de conformidade da tensão: PRODIST Módulo 8, seção 8.1",
    .partial =
        "Medição parcial: nenhum conjunto completo de 1.008 leituras válidas; os "
        "indicadores DRP, DRC e os percentis 95 ainda não podem ser apurados.",
    .pending = "leituras válidas para o primeiro conjunto de 1.008",
    .no_set_yet =
        "Nenhum conjunto de 1.008 leituras válidas ainda (as observações dizem quantas faltam).",
    .point_h = "Ponto de medição (item 116)",
    .identifier = "Identificação",
    .not_given = "(não informada)",
    .connection = "Ligação",
    .nominal = "Tensão nominal Vn (entre fases)",
    .reference = "Tensão de referência TR comparada com cada leitura",
    .phase_voltage = "tensão de fase",
    .line_voltage = "tensão de linha",
    .voltage_class = "Nível de tensão",
    .annex_row = "Faixa do Anexo 8.A",
    .adequate = "adequada",
    .precarious = "precária",
    .critical = "crítica",
    .vt_connection = "Ligação do TP",
    .wye = "estrela",
    .open_delta = "delta aberto (V)",
    .eusd = "EUSD (mês de referência)",
    .eusd_missing = "não informado (--eusd): compensação não calculada",
    .mode = "Tipo de medição",
    .permanent = "permanente",
    .sampled = "amostral",
    .eventual = "eventual",
    .expurgate_momentary = "VTCD momentâneas expurgadas do conjunto de tensão (item 87)",
    .yes = "sim",
    .no = "não",
    .time_zone = "Fuso horário (mês civil e horários deste relatório)",
    .min_v = "Tensão mínima",
    .max_v = "Tensão máxima",
    .at = "em",
    .notes = "Observações",
    .trace_h = "Rastreabilidade",
    .version = "Versão do pqa",
    .generated = "Gerado em",
    .inputs = "Arquivos de entrada (SHA-256)",
    .file = "arquivo",
    .options = "Opções",
    .voltage_h = "Tensão em regime permanente: conjuntos de 1.008 leituras válidas (itens 26 a 33)",
    .col_start = "início",
    .col_end = "fim",
    .col_month = "mês civil",
    .col_expurgated = "expurgos",
    .col_incomplete = "incompletas",
    .col_missing = "ausentes",
    .col_compensation = "compensação",
    .not_computed = "não calculada",
    .per_phase_counts = "nlp/nlc: maior número entre as fases. Por fase (precárias / críticas):",
    .monthly_h = "Indicadores mensais e compensação (itens 26.6 e 29 a 33)",
    .col_sets_ended = "conjuntos encerrados",
    .col_drp_mean = "DRP % (média)",
    .col_drc_mean = "DRC % (média)",
    .col_compensation_due = "compensação devida",
    .carried_over = "mantida do mês anterior, item 33",
    .disturbance_h =
        "Distorções harmônicas, desequilíbrio e flutuação de tensão: percentis 95 "
        "(itens 44 a 63 e 81 a 86)",
    .col_verdict = "avaliação",
    .above_limit = "ACIMA DO LIMITE",
    .within_limit = "dentro do limite",
    .no_limit = "sem limite neste nível",
    .not_measured = "não medido",
    .col_set_phase = "conjunto / fase",
    .dit_h = "Distorções harmônicas individuais DITh95% por ordem (2 a 40)",
    .dit_note = "Percentil 95 de cada ordem, pior fase; o Módulo 8 não fixa limite individual.",
    .col_order = "ordem h",
    .set = "conjunto",
    .histogram_h = "Histograma de tensão (0,80 a 1,20 pu, 40 classes)",
    .histogram_title = "Histograma de tensão, todas as fases",
    .histogram_x = "tensão / nominal (pu), limite inferior da classe; padrão = faixa do Anexo 8.A",
    .readings = "leituras",
    .series_h = "Séries temporais",
    .local_time = "data (hora local",
    .shaded = "hachurado: intervalo expurgado ou inválido para o conjunto",
    .out_of_scale = "fora da escala",
    .rms_title = "Tensão eficaz por fase (leituras de 10 minutos) e faixas do Anexo 8.A",
    .volts = "tensão (V)",
    .adequate_low = "adequada inf.",
    .adequate_high = "adequada sup.",
    .precarious_low = "precária inf.",
    .precarious_high = "precária sup.",
    .dtt_title = "DTT por fase",
    .pct_fundamental = "% da fundamental",
    .limit = "limite",
    .pst_title = "Pst por fase",
    .plt_title = "Plt por fase (12 Pst mais recentes)",
    .fd_title = "Fator de desequilíbrio FD",
    .events_h = "Eventos VTCD (tabela 11)",
    .no_events =
        "Nenhum arquivo de eventos informado (--events EVENTOS.jsonl, de `pqa replay "
        "--events`).",
    .col_date = "data",
    .col_time = "hora de início",
    .col_amplitude = "amplitude (pu)",
    .col_duration = "duração (ms)",
    .col_type = "tipo",
    .col_phases = "fases",
    .table6_h = "Estratificação (tabela 6)",
    .vtcd_events = "eventos VTCD",
    .table6_period = "Tabela 6 do período iniciado em",
    .amplitude_duration = "amplitude (pu) \\ duração",
    .fi_month_h = "Fator de impacto FI por mês civil (itens 74 a 77 e 85)",
    .fi_30d_h = "Fator de impacto FI por 30 dias consecutivos (itens 74 a 77)",
    .col_period_start = "início do período",
    .col_period_end = "fim do período",
    .col_days = "dias medidos",
    .fi_above = "ACIMA DE 1,0 pu",
    .fi_within = "até 1,0 pu",
    .fi_incomplete = "período incompleto: não comparável com 1,0 pu",
    .continuity_h = "Continuidade (seção 8.2): DIC, FIC e DMIC por mês civil",
    .no_interruption = "Nenhuma interrupção de longa duração: DIC = 0 h, FIC = 0, DMIC = 0 h.",
    .curves_h = "Urms(1/2) em torno de cada evento",
    .curves_none =
        "Sem curvas de eventos (--event-curves ARQUIVO, de `pqa replay "
        "--event-curves`).",
    .curve_x = "tempo desde o início do evento (ms)",
    .curve_y = "Urms(1/2) (pu da referência)",
    .readings_h = "Todas as leituras (item 104)",
    .readings_caption = "leituras de 10 minutos: faixa por fase; intervalos expurgados marcados",
    .col_phase_voltages = "tensões de fase (V) e faixa",
    .col_voltage_set = "conjunto de tensão",
    .col_disturbance_set = "conjunto DTT/FD/Pst",
    .valid = "válida",
    .expurgated = "expurgada",
    .incomplete = "incompleta",
    .long_interruption = "interrupção longa",
    .band_key = "faixa: (A) adequada, (P) precária, (C) crítica",
};

constexpr ReportText kEn = {
    .title = "Voltage conformity report: PRODIST Module 8, section 8.1",
    .partial =
        "Partial measurement: no complete set of 1,008 valid readings; DRP, DRC and the "
        "95th percentiles cannot be assessed yet.",
    .pending = "valid readings towards the first set of 1,008",
    .no_set_yet = "No set of 1,008 valid readings yet (the notes say how many are missing).",
    .point_h = "Measurement point (item 116)",
    .identifier = "Identifier",
    .not_given = "(not given)",
    .connection = "Connection",
    .nominal = "Nominal voltage Vn (line-to-line)",
    .reference = "Reference TR compared with each reading",
    .phase_voltage = "phase voltage",
    .line_voltage = "line voltage",
    .voltage_class = "Voltage class",
    .annex_row = "Annex 8.A row",
    .adequate = "adequate",
    .precarious = "precarious",
    .critical = "critical",
    .vt_connection = "VT connection",
    .wye = "wye",
    .open_delta = "open delta (V)",
    .eusd = "EUSD (reference month)",
    .eusd_missing = "not given (--eusd): compensation not computed",
    .mode = "Measurement mode",
    .permanent = "permanent",
    .sampled = "sampled",
    .eventual = "eventual",
    .expurgate_momentary = "Momentary VTCD expurgated from the voltage set (item 87)",
    .yes = "yes",
    .no = "no",
    .time_zone = "Time zone (civil months and times in this report)",
    .min_v = "Minimum voltage",
    .max_v = "Maximum voltage",
    .at = "at",
    .notes = "Notes",
    .trace_h = "Traceability",
    .version = "pqa version",
    .generated = "Generated",
    .inputs = "Input files (SHA-256)",
    .file = "file",
    .options = "Options",
    .voltage_h = "Steady-state voltage: sets of 1,008 valid readings (items 26-33)",
    .col_start = "start",
    .col_end = "end",
    .col_month = "civil month",
    .col_expurgated = "expurgated",
    .col_incomplete = "incomplete",
    .col_missing = "missing",
    .col_compensation = "compensation",
    .not_computed = "not computed",
    .per_phase_counts =
        "nlp/nlc: largest count over the phases. Per phase (precarious / critical):",
    .monthly_h = "Monthly indicators and compensation (items 26.6, 29-33)",
    .col_sets_ended = "sets ended",
    .col_drp_mean = "DRP % (mean)",
    .col_drc_mean = "DRC % (mean)",
    .col_compensation_due = "compensation due",
    .carried_over = "carried over, item 33",
    .disturbance_h = "Harmonics, unbalance and flicker: 95th percentiles (items 44-63, 81-86)",
    .col_verdict = "verdict",
    .above_limit = "ABOVE LIMIT",
    .within_limit = "within limit",
    .no_limit = "no limit at this level",
    .not_measured = "not measured",
    .col_set_phase = "set / phase",
    .dit_h = "Individual harmonic distortion DITh95% per order (2 to 40)",
    .dit_note = "95th percentile of each order, worst phase; Module 8 sets no individual limit.",
    .col_order = "order h",
    .set = "set",
    .histogram_h = "Voltage histogram (0.80-1.20 pu, 40 bins)",
    .histogram_title = "Voltage histogram, all phases",
    .histogram_x = "reading / nominal (pu), bin lower edge; pattern = Annex 8.A band",
    .readings = "readings",
    .series_h = "Time series",
    .local_time = "date (local time",
    .shaded = "hatched: interval expurgated or not valid for the set",
    .out_of_scale = "off scale",
    .rms_title = "RMS voltage per phase (10-minute readings) with the Annex 8.A bands",
    .volts = "voltage (V)",
    .adequate_low = "adequate low",
    .adequate_high = "adequate high",
    .precarious_low = "precarious low",
    .precarious_high = "precarious high",
    .dtt_title = "DTT per phase",
    .pct_fundamental = "% of fundamental",
    .limit = "limit",
    .pst_title = "Pst per phase",
    .plt_title = "Plt per phase (latest 12 Pst)",
    .fd_title = "Voltage unbalance FD",
    .events_h = "VTCD events (table 11)",
    .no_events = "No events file given (--events EVENTS.jsonl from `pqa replay --events`).",
    .col_date = "date",
    .col_time = "start",
    .col_amplitude = "amplitude (pu)",
    .col_duration = "duration (ms)",
    .col_type = "type",
    .col_phases = "phases",
    .table6_h = "Stratification (table 6)",
    .vtcd_events = "VTCD events",
    .table6_period = "Table 6 of the period from",
    .amplitude_duration = "amplitude (pu) \\ duration",
    .fi_month_h = "Impact factor FI per civil month (items 74-77, 85)",
    .fi_30d_h = "Impact factor FI per 30 consecutive days (items 74-77)",
    .col_period_start = "period start",
    .col_period_end = "period end",
    .col_days = "days measured",
    .fi_above = "ABOVE 1.0 pu",
    .fi_within = "within 1.0 pu",
    .fi_incomplete = "incomplete period: not comparable with 1.0 pu",
    .continuity_h = "Continuity (section 8.2): DIC, FIC, DMIC per civil month",
    .no_interruption = "No long interruption: DIC = 0 h, FIC = 0, DMIC = 0 h.",
    .curves_h = "Urms(1/2) around each event",
    .curves_none = "No event curves (--event-curves FILE from `pqa replay --event-curves`).",
    .curve_x = "time from the event start (ms)",
    .curve_y = "Urms(1/2) (pu of the reference)",
    .readings_h = "All readings (item 104)",
    .readings_caption = "ten-minute readings: band per phase; expurgated intervals marked",
    .col_phase_voltages = "phase voltages (V) and band",
    .col_voltage_set = "voltage set",
    .col_disturbance_set = "DTT/FD/Pst set",
    .valid = "valid",
    .expurgated = "expurgated",
    .incomplete = "incomplete",
    .long_interruption = "long interruption",
    .band_key = "band: (A) adequate, (P) precarious, (C) critical",
};

}  // namespace

const ReportText& TextFor(Lang lang) { return lang == Lang::kPtBr ? kPtBr : kEn; }

std::string Num(Lang lang, double value, int digits) {
  std::string s = absl::StrFormat("%.*f", digits, value);
  if (lang == Lang::kPtBr) absl::StrReplaceAll({{".", ","}}, &s);
  return s;
}

std::string LocalTimeText(Lang lang, TimeNs at, const absl::TimeZone& zone, bool seconds) {
  std::string s = FormatLocalMinute(at, zone, seconds);  // "2025-03-31 22:00 -03:00"
  if (lang == Lang::kPtBr) {                             // "31/03/2025 22:00 -03:00"
    s = absl::StrCat(s.substr(8, 2), "/", s.substr(5, 2), "/", s.substr(0, 4), s.substr(10));
  }
  return s;
}

std::string TranslateNote(Lang lang, const std::string& note) {
  if (lang == Lang::kEn) return note;
  // The notes EvaluateCompliance writes (host/prodist/compliance.cc).
  struct Rule {
    std::regex pattern;
    const char* portuguese;
  };
  static const Rule kRules[] = {
      {std::regex(
           R"(^no complete (.*) set: (\d+) valid readings, a set needs (\d+) .*; record (\d+) more valid 10-minute intervals$)"),
       "nenhum conjunto completo ($1): $2 leituras válidas, um conjunto exige 1.008 (itens 26.2 "
       "e 81); faltam $4 leituras válidas de 10 minutos"},
      {std::regex(R"(^(\d+) valid (.*) readings after the last set wait for the next one$)"),
       "$1 leituras válidas ($2) após o último conjunto aguardam o próximo"},
      {std::regex(R"(^No record has flicker_complete.*)"),
       "Nenhum registro com flicker_complete: a flutuação não foi medida; o conjunto DTT/FD é "
       "formado sem a condição do Pst e o Pst95 (impresso como 0) não é avaliado"},
      {std::regex(R"(^Vn >= 230 kV.*)"),
       "Vn >= 230 kV: as tabelas 2 a 4 do Módulo 8 não fixam limites de DTT/FD/Pst neste nível; "
       "os percentis são informados sem avaliação"},
      {std::regex(R"(^no FI for low voltage.*)"),
       "sem FI em baixa tensão: o item 78 não fixa referência de VTCD para o SDBT"},
      {std::regex(
           R"(^Set from (.*) to (.*): (\d+) readings measured harmonics only to order (\d+) .*, so their DTT covers orders 2\.\.(\d+), .*$)"),
       "Conjunto de $1 a $2: $3 leituras mediram harmônicos só até a ordem $4 (max_harmonic_order; "
       "a taxa de amostragem não permitiu mais), e o seu DTT cobre as ordens 2 a $5, não 2 a 40 "
       "como exige o item 50.6 do Módulo 5; o DTT95 do conjunto pode subestimar a distorção"},
      // The power factor's limit_note (host/prodist/power_factor.cc).
      {std::regex(R"(^item 41 does not apply to a group B connection.*)"),
       "o item 41 não se aplica a uma ligação do grupo B (Vn <= 2,3 kV): a faixa de 0,92 vale "
       "para unidades consumidoras do grupo A e conexões entre distribuidoras; os valores "
       "horários são informados sem avaliação"},
      {std::regex(R"(^item 41 does not apply at Vn >= 230 kV.*)"),
       "o item 41 não se aplica com Vn >= 230 kV: abrange conexões com tensão inferior a "
       "230 kV, e neste nível os Procedimentos de Rede fixam o fator de potência; os valores "
       "horários são informados sem avaliação"},
      {std::regex(R"(^EUSD not given.*)"),
       "EUSD não informado (--eusd): a compensação do item 29 não foi calculada; os valores 0 "
       "não são avaliação"},
  };
  for (const Rule& r : kRules) {
    if (std::regex_match(note, r.pattern)) {
      std::string out = std::regex_replace(note, r.pattern, r.portuguese);
      absl::StrReplaceAll({{"steady-state voltage", "tensão em regime permanente"},
                           {"harmonics/unbalance/flicker", "DTT, FD e Pst"}},
                          &out);
      return out;
    }
  }
  return note;
}

}  // namespace pqa::report
