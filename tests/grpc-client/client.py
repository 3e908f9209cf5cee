#!/usr/bin/python3
"""Calls the catalog's gRPC port with grpcio (Debian's python3-grpcio), a client nobody here wrote, and prints what
came back as JSON lines: {"message": ...} per response, then {"status": {"code", "details", "metadata"}}, like
client.js. The C# tests run it and assert on its output. Exit code 0 means a status was received.

  client.py --address 127.0.0.1:5191 health-check [--service S]
  client.py --address ... health-watch [--service S]          (a line on stdin, or its end, cancels the call)
  client.py --address ... call --method /pkg.Service/Method    (one empty request message)
  client.py --address ... reflect [--version v1|v1alpha] --request list: --request file:NAME --request symbol:NAME ...
  client.py --address ... reflect-call [--version v1|v1alpha] --service NAME --method NAME --request JSON
  client.py --address ... http1 --path /any                    (a plain HTTP/1.1 GET, with Python's http.client)

Stubs for the health and reflection protocols are generated at run time by grpc_tools from the catalog's copies of
those public .proto files. reflect-call has no stub for the catalog's own service: it fetches the descriptors through
reflection, builds the message classes from them and calls the method with what it built.
"""
import argparse
import atexit
import http.client
import importlib
import json
import shutil
import os
import sys
import tempfile
import threading

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from grpc_tools import protoc

PROTOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'services', 'catalog', 'Protos')


def emit(line):
    sys.stdout.write(json.dumps(line) + '\n')
    sys.stdout.flush()


def emit_message(message):
    emit({'message': json_format.MessageToDict(message, preserving_proto_field_name=True, including_default_value_fields=True)})


def emit_status(code, details, metadata=()):
    emit({'status': {'code': code, 'details': details or '', 'metadata': {k: v for k, v in metadata or ()}}})


def emit_error(error):
    emit_status(error.code().value[0], error.details(), error.trailing_metadata())


def generate(include, proto):
    """Compiles one .proto under `include` into a temporary folder and imports its message and stub modules."""
    out = tempfile.mkdtemp(prefix='catalog-grpc-py-')
    # The generated modules are only needed while this process runs.
    atexit.register(shutil.rmtree, out, True)
    code = protoc.main(['protoc', f'-I{include}', f'--python_out={out}', f'--grpc_python_out={out}', proto])
    if code != 0:
        raise RuntimeError(f'protoc failed on {proto}')
    sys.path.insert(0, out)
    module = proto[:-len('.proto')].replace('/', '.')
    return importlib.import_module(module + '_pb2'), importlib.import_module(module + '_pb2_grpc')


def health():
    return generate(os.path.join(PROTOS, 'grpc', 'health', 'v1'), 'health.proto')


def reflection(version):
    # "v1/reflection.proto" and "v1alpha/reflection.proto": distinct file names in Python's descriptor pool.
    return generate(os.path.join(PROTOS, 'grpc', 'reflection'), f'{version}/reflection.proto')


def cancel_on_stdin_close(call):
    def wait():
        sys.stdin.readline()
        call.cancel()
    threading.Thread(target=wait, daemon=True).start()


def health_check(channel, args):
    pb2, stubs = health()
    try:
        emit_message(stubs.HealthStub(channel).Check(pb2.HealthCheckRequest(service=args.service), timeout=30))
        emit_status(0, '')
    except grpc.RpcError as error:
        emit_error(error)


def health_watch(channel, args):
    pb2, stubs = health()
    call = stubs.HealthStub(channel).Watch(pb2.HealthCheckRequest(service=args.service))
    cancel_on_stdin_close(call)
    try:
        for response in call:
            emit_message(response)
        emit_status(call.code().value[0], call.details())
    except grpc.RpcError as error:
        emit_error(error)


def raw_call(channel, args):
    try:
        response = channel.unary_unary(args.method)(b'', timeout=30)
        emit({'message': {'bytes': len(response)}})
        emit_status(0, '')
    except grpc.RpcError as error:
        emit_error(error)


def reflection_request(pb2, spec):
    kind, _, value = spec.partition(':')
    fields = {'list': 'list_services', 'file': 'file_by_filename', 'symbol': 'file_containing_symbol',
              'extensions': 'all_extension_numbers_of_type'}
    return pb2.ServerReflectionRequest(**{fields[kind]: value})


def describe(pb2, response):
    """A reflection response as JSON, with the file descriptors decoded so the test can read them."""
    kind = response.WhichOneof('message_response')
    if kind == 'list_services_response':
        return {'services': [s.name for s in response.list_services_response.service]}
    if kind == 'file_descriptor_response':
        files = []
        for raw in response.file_descriptor_response.file_descriptor_proto:
            file = descriptor_pb2.FileDescriptorProto.FromString(raw)
            files.append({'name': file.name, 'package': file.package, 'dependency': list(file.dependency),
                          'services': [s.name for s in file.service], 'messages': [m.name for m in file.message_type]})
        return {'files': files}
    if kind == 'all_extension_numbers_response':
        r = response.all_extension_numbers_response
        return {'extensions': {'base_type_name': r.base_type_name, 'numbers': list(r.extension_number)}}
    if kind == 'error_response':
        return {'error': {'code': response.error_response.error_code, 'message': response.error_response.error_message}}
    return {'unset': True}


def reflect(channel, args):
    pb2, stubs = reflection(args.version)
    requests = [reflection_request(pb2, spec) for spec in args.request]
    try:
        for response in stubs.ServerReflectionStub(channel).ServerReflectionInfo(iter(requests), timeout=30):
            emit({'message': describe(pb2, response)})
        emit_status(0, '')
    except grpc.RpcError as error:
        emit_error(error)


def reflect_call(channel, args):
    pb2, stubs = reflection(args.version)
    responses = list(stubs.ServerReflectionStub(channel).ServerReflectionInfo(
        iter([pb2.ServerReflectionRequest(file_containing_symbol=args.service)]), timeout=30))
    files = [descriptor_pb2.FileDescriptorProto.FromString(raw)
             for raw in responses[0].file_descriptor_response.file_descriptor_proto]
    # A pool of the server's descriptors alone: every import must have come back too. Add each after its imports.
    pool = descriptor_pool.DescriptorPool()
    added = set()
    while len(added) < len(files):
        ready = [f for f in files if f.name not in added and all(d in added for d in f.dependency)]
        if not ready:
            raise RuntimeError('reflection did not return every imported file')
        for file in ready:
            pool.Add(file)
            added.add(file.name)
    method = pool.FindServiceByName(args.service).methods_by_name[args.method]
    request_class = message_class(pool, method.input_type)
    response_class = message_class(pool, method.output_type)
    call = channel.unary_unary(f'/{args.service}/{args.method}',
                               request_serializer=request_class.SerializeToString,
                               response_deserializer=response_class.FromString)
    try:
        emit_message(call(json_format.Parse(args.json, request_class()), timeout=30))
        emit_status(0, '')
    except grpc.RpcError as error:
        emit_error(error)


def message_class(pool, descriptor):
    if hasattr(message_factory, 'GetMessageClass'):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def http1(args):
    host, _, port = args.address.rpartition(':')
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request('GET', args.path)
    response = connection.getresponse()
    body = response.read().decode('utf-8')
    emit({'message': {'status': response.status, 'content_type': response.getheader('content-type') or '', 'body': body}})
    emit_status(0, '')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--address', required=True)
    commands = parser.add_subparsers(dest='command', required=True)
    for name in ('health-check', 'health-watch'):
        commands.add_parser(name).add_argument('--service', default='')
    commands.add_parser('call').add_argument('--method', required=True)
    r = commands.add_parser('reflect')
    r.add_argument('--version', default='v1', choices=['v1', 'v1alpha'])
    r.add_argument('--request', action='append', default=[])
    rc = commands.add_parser('reflect-call')
    rc.add_argument('--version', default='v1', choices=['v1', 'v1alpha'])
    rc.add_argument('--service', required=True)
    rc.add_argument('--method', required=True)
    rc.add_argument('--request', dest='json', default='{}')
    commands.add_parser('http1').add_argument('--path', default='/')
    args = parser.parse_args()

    if args.command == 'http1':
        http1(args)
        return
    with grpc.insecure_channel(args.address) as channel:
        {'health-check': health_check, 'health-watch': health_watch, 'call': raw_call,
         'reflect': reflect, 'reflect-call': reflect_call}[args.command](channel, args)


if __name__ == '__main__':
    main()
