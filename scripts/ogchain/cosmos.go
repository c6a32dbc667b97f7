package main

// Hand-written protobuf for the few Cosmos SDK / Cosmos EVM messages ogchain carries, with
// google.golang.org/protobuf/encoding/protowire. Field numbers follow the .proto files:
//
//	cosmos.tx.v1beta1.TxRaw          {1 body_bytes, 2 auth_info_bytes, 3 repeated signatures}
//	cosmos.tx.v1beta1.TxBody         {1 repeated Any messages, ..., 1023 repeated Any extension_options}
//	cosmos.tx.v1beta1.AuthInfo       {1 repeated signer_infos, 2 Fee fee}
//	cosmos.tx.v1beta1.Fee            {1 repeated Coin amount, 2 uint64 gas_limit}
//	cosmos.base.v1beta1.Coin         {1 string denom, 2 string amount}
//	google.protobuf.Any              {1 string type_url, 2 bytes value}
//	cosmos.base.abci.v1beta1.TxMsgData {1 deprecated data, 2 repeated Any msg_responses}
//	cosmos.evm.vm.v1.MsgEthereumTx   {1-4 reserved, 5 bytes from, 6 bytes raw}
//	cosmos.evm.vm.v1.MsgEthereumTxResponse {1 hash, 2 repeated Log logs, 3 ret, 4 vm_error,
//	                                  5 gas_used, 6 max_used_gas, 7 bytes block_hash, 8 block_timestamp}
//	cosmos.evm.vm.v1.Log             {1 address, 2 repeated topics, 3 data, 4 block_number, 5 tx_hash,
//	                                  6 tx_index, 7 block_hash, 8 index, 9 removed, 10 block_timestamp}
//
// Encoding is canonical for proto3 (fields in number order, zero scalars omitted), which is what
// gogoproto's generated marshalers produce. Decoders skip unknown fields.

import (
	"errors"
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

const (
	TypeURLMsgEthereumTx         = "/cosmos.evm.vm.v1.MsgEthereumTx"
	TypeURLMsgEthereumTxResponse = "/cosmos.evm.vm.v1.MsgEthereumTxResponse"
	TypeURLExtensionOptionsEthTx = "/cosmos.evm.vm.v1.ExtensionOptionsEthereumTx"
)

type Any struct {
	TypeURL string
	Value   []byte
}

type TxRaw struct {
	BodyBytes     []byte
	AuthInfoBytes []byte
	Signatures    [][]byte
}

type TxBody struct {
	Messages         []Any
	ExtensionOptions []Any
}

type Coin struct{ Denom, Amount string }

// AuthInfo as Cosmos EVM builds it for an Ethereum tx: no signer infos, the fee and gas limit only.
type AuthInfo struct {
	FeeAmount []Coin
	GasLimit  uint64
}

type MsgEthereumTx struct {
	From []byte // 20-byte sender
	Raw  []byte // go-ethereum Transaction.MarshalBinary()
}

// Log mirrors cosmos.evm.vm.v1.Log; the json tags are those of the gogoproto-generated struct
// (evm.pb.go), so encoding/json gives the same txLog attribute text as Cosmos EVM.
type Log struct {
	Address        string   `json:"address,omitempty"`
	Topics         []string `json:"topics,omitempty"`
	Data           []byte   `json:"data,omitempty"`
	BlockNumber    uint64   `json:"blockNumber"`
	TxHash         string   `json:"transactionHash"`
	TxIndex        uint64   `json:"transactionIndex"`
	BlockHash      string   `json:"blockHash"`
	Index          uint64   `json:"logIndex"`
	Removed        bool     `json:"removed,omitempty"`
	BlockTimestamp uint64   `json:"blockTimestamp"`
}

type MsgEthereumTxResponse struct {
	Hash           string
	Logs           []Log
	Ret            []byte
	VMError        string
	GasUsed        uint64
	MaxUsedGas     uint64
	BlockHash      []byte
	BlockTimestamp uint64
}

// ---- encoding helpers

func putBytes(b []byte, num protowire.Number, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

// putBytesAlways writes a length-delimited field even when empty (repeated elements, messages).
func putBytesAlways(b []byte, num protowire.Number, v []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

func putString(b []byte, num protowire.Number, v string) []byte { return putBytes(b, num, []byte(v)) }

func putVarint(b []byte, num protowire.Number, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

func (a Any) Marshal() []byte {
	var b []byte
	b = putString(b, 1, a.TypeURL)
	return putBytes(b, 2, a.Value)
}

func (t TxRaw) Marshal() []byte {
	var b []byte
	b = putBytes(b, 1, t.BodyBytes)
	b = putBytes(b, 2, t.AuthInfoBytes)
	for _, s := range t.Signatures {
		b = putBytesAlways(b, 3, s)
	}
	return b
}

func (t TxBody) Marshal() []byte {
	var b []byte
	for _, m := range t.Messages {
		b = putBytesAlways(b, 1, m.Marshal())
	}
	for _, m := range t.ExtensionOptions {
		b = putBytesAlways(b, 1023, m.Marshal())
	}
	return b
}

func (a AuthInfo) Marshal() []byte {
	var fee []byte
	for _, c := range a.FeeAmount {
		var coin []byte
		coin = putString(coin, 1, c.Denom)
		coin = putString(coin, 2, c.Amount)
		fee = putBytesAlways(fee, 1, coin)
	}
	fee = putVarint(fee, 2, a.GasLimit)
	return putBytesAlways(nil, 2, fee)
}

func (m MsgEthereumTx) Marshal() []byte {
	var b []byte
	b = putBytes(b, 5, m.From)
	return putBytes(b, 6, m.Raw)
}

func (l Log) Marshal() []byte {
	var b []byte
	b = putString(b, 1, l.Address)
	for _, t := range l.Topics {
		b = putBytesAlways(b, 2, []byte(t))
	}
	b = putBytes(b, 3, l.Data)
	b = putVarint(b, 4, l.BlockNumber)
	b = putString(b, 5, l.TxHash)
	b = putVarint(b, 6, l.TxIndex)
	b = putString(b, 7, l.BlockHash)
	b = putVarint(b, 8, l.Index)
	if l.Removed {
		b = putVarint(b, 9, 1)
	}
	return putVarint(b, 10, l.BlockTimestamp)
}

func (r MsgEthereumTxResponse) Marshal() []byte {
	var b []byte
	b = putString(b, 1, r.Hash)
	for _, l := range r.Logs {
		b = putBytesAlways(b, 2, l.Marshal())
	}
	b = putBytes(b, 3, r.Ret)
	b = putString(b, 4, r.VMError)
	b = putVarint(b, 5, r.GasUsed)
	b = putVarint(b, 6, r.MaxUsedGas)
	b = putBytes(b, 7, r.BlockHash)
	return putVarint(b, 8, r.BlockTimestamp)
}

// MarshalTxMsgData encodes cosmos.base.abci.v1beta1.TxMsgData{msg_responses: responses}.
func MarshalTxMsgData(responses []Any) []byte {
	var b []byte
	for _, r := range responses {
		b = putBytesAlways(b, 2, r.Marshal())
	}
	return b
}

// ---- decoding

type field struct {
	num protowire.Number
	typ protowire.Type
	v   uint64 // varint value
	b   []byte // bytes value
}

// fields splits a message into its fields; only varint and length-delimited types are allowed
// (every message here uses only those), fixed32/64 are skipped.
func fields(buf []byte) ([]field, error) {
	var out []field
	for len(buf) > 0 {
		num, typ, n := protowire.ConsumeTag(buf)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		buf = buf[n:]
		f := field{num: num, typ: typ}
		switch typ {
		case protowire.VarintType:
			v, m := protowire.ConsumeVarint(buf)
			if m < 0 {
				return nil, protowire.ParseError(m)
			}
			f.v, n = v, m
		case protowire.BytesType:
			v, m := protowire.ConsumeBytes(buf)
			if m < 0 {
				return nil, protowire.ParseError(m)
			}
			f.b, n = v, m
		default:
			m := protowire.ConsumeFieldValue(num, typ, buf)
			if m < 0 {
				return nil, protowire.ParseError(m)
			}
			n = m
		}
		buf = buf[n:]
		out = append(out, f)
	}
	return out, nil
}

func wantBytes(f field) error {
	if f.typ != protowire.BytesType {
		return fmt.Errorf("field %d: wire type %d, want bytes", f.num, f.typ)
	}
	return nil
}

func wantVarint(f field) error {
	if f.typ != protowire.VarintType {
		return fmt.Errorf("field %d: wire type %d, want varint", f.num, f.typ)
	}
	return nil
}

func UnmarshalAny(buf []byte) (Any, error) {
	fs, err := fields(buf)
	if err != nil {
		return Any{}, err
	}
	var a Any
	for _, f := range fs {
		switch f.num {
		case 1:
			if err := wantBytes(f); err != nil {
				return a, err
			}
			a.TypeURL = string(f.b)
		case 2:
			if err := wantBytes(f); err != nil {
				return a, err
			}
			a.Value = f.b
		}
	}
	return a, nil
}

func UnmarshalTxRaw(buf []byte) (TxRaw, error) {
	fs, err := fields(buf)
	if err != nil {
		return TxRaw{}, err
	}
	var t TxRaw
	for _, f := range fs {
		if f.num >= 1 && f.num <= 3 {
			if err := wantBytes(f); err != nil {
				return t, err
			}
		}
		switch f.num {
		case 1:
			t.BodyBytes = f.b
		case 2:
			t.AuthInfoBytes = f.b
		case 3:
			t.Signatures = append(t.Signatures, f.b)
		}
	}
	return t, nil
}

func UnmarshalTxBody(buf []byte) (TxBody, error) {
	fs, err := fields(buf)
	if err != nil {
		return TxBody{}, err
	}
	var t TxBody
	for _, f := range fs {
		if f.num != 1 && f.num != 1023 {
			continue
		}
		if err := wantBytes(f); err != nil {
			return t, err
		}
		a, err := UnmarshalAny(f.b)
		if err != nil {
			return t, err
		}
		if f.num == 1 {
			t.Messages = append(t.Messages, a)
		} else {
			t.ExtensionOptions = append(t.ExtensionOptions, a)
		}
	}
	return t, nil
}

func UnmarshalMsgEthereumTx(buf []byte) (MsgEthereumTx, error) {
	fs, err := fields(buf)
	if err != nil {
		return MsgEthereumTx{}, err
	}
	var m MsgEthereumTx
	for _, f := range fs {
		switch f.num {
		case 1, 2, 3, 4:
			return m, fmt.Errorf("reserved field %d set (pre-v0.5 MsgEthereumTx layout?)", f.num)
		case 5:
			if err := wantBytes(f); err != nil {
				return m, err
			}
			m.From = f.b
		case 6:
			if err := wantBytes(f); err != nil {
				return m, err
			}
			m.Raw = f.b
		}
	}
	return m, nil
}

func UnmarshalLog(buf []byte) (Log, error) {
	fs, err := fields(buf)
	if err != nil {
		return Log{}, err
	}
	var l Log
	for _, f := range fs {
		var err error
		switch f.num {
		case 1, 2, 3, 5, 7:
			err = wantBytes(f)
		case 4, 6, 8, 9, 10:
			err = wantVarint(f)
		}
		if err != nil {
			return l, err
		}
		switch f.num {
		case 1:
			l.Address = string(f.b)
		case 2:
			l.Topics = append(l.Topics, string(f.b))
		case 3:
			l.Data = f.b
		case 4:
			l.BlockNumber = f.v
		case 5:
			l.TxHash = string(f.b)
		case 6:
			l.TxIndex = f.v
		case 7:
			l.BlockHash = string(f.b)
		case 8:
			l.Index = f.v
		case 9:
			l.Removed = f.v != 0
		case 10:
			l.BlockTimestamp = f.v
		}
	}
	return l, nil
}

func UnmarshalMsgEthereumTxResponse(buf []byte) (MsgEthereumTxResponse, error) {
	fs, err := fields(buf)
	if err != nil {
		return MsgEthereumTxResponse{}, err
	}
	var r MsgEthereumTxResponse
	for _, f := range fs {
		var err error
		switch f.num {
		case 1, 2, 3, 4, 7:
			err = wantBytes(f)
		case 5, 6, 8:
			err = wantVarint(f)
		}
		if err != nil {
			return r, err
		}
		switch f.num {
		case 1:
			r.Hash = string(f.b)
		case 2:
			l, err := UnmarshalLog(f.b)
			if err != nil {
				return r, fmt.Errorf("log %d: %w", len(r.Logs), err)
			}
			r.Logs = append(r.Logs, l)
		case 3:
			r.Ret = f.b
		case 4:
			r.VMError = string(f.b)
		case 5:
			r.GasUsed = f.v
		case 6:
			r.MaxUsedGas = f.v
		case 7:
			r.BlockHash = f.b
		case 8:
			r.BlockTimestamp = f.v
		}
	}
	return r, nil
}

// UnmarshalTxMsgData returns the msg_responses of a TxMsgData (field 1, the deprecated data, is
// ignored).
func UnmarshalTxMsgData(buf []byte) ([]Any, error) {
	fs, err := fields(buf)
	if err != nil {
		return nil, err
	}
	var out []Any
	for _, f := range fs {
		if f.num != 2 {
			continue
		}
		if err := wantBytes(f); err != nil {
			return nil, err
		}
		a, err := UnmarshalAny(f.b)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// DecodeEthereumCosmosTx unwraps a TxRaw carrying exactly one MsgEthereumTx.
func DecodeEthereumCosmosTx(txBytes []byte) (MsgEthereumTx, error) {
	raw, err := UnmarshalTxRaw(txBytes)
	if err != nil {
		return MsgEthereumTx{}, fmt.Errorf("TxRaw: %w", err)
	}
	body, err := UnmarshalTxBody(raw.BodyBytes)
	if err != nil {
		return MsgEthereumTx{}, fmt.Errorf("TxBody: %w", err)
	}
	if len(body.Messages) != 1 {
		return MsgEthereumTx{}, fmt.Errorf("TxBody has %d messages, want 1", len(body.Messages))
	}
	if body.Messages[0].TypeURL != TypeURLMsgEthereumTx {
		return MsgEthereumTx{}, fmt.Errorf("message type %q, want %q", body.Messages[0].TypeURL, TypeURLMsgEthereumTx)
	}
	msg, err := UnmarshalMsgEthereumTx(body.Messages[0].Value)
	if err != nil {
		return MsgEthereumTx{}, fmt.Errorf("MsgEthereumTx: %w", err)
	}
	if len(msg.From) != 20 {
		return MsgEthereumTx{}, errors.New("MsgEthereumTx.from is not 20 bytes")
	}
	if len(msg.Raw) == 0 {
		return MsgEthereumTx{}, errors.New("MsgEthereumTx.raw is empty")
	}
	return msg, nil
}
